// owl: the open-weights licence auditor. Thin front end over the library.
#include <malloc.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>

#include "commands.h"
#include "owl/report.h"
#include "owl/version.h"

namespace owl::cli {

bool use_color(const GlobalFlags& globals) {
  if (globals.no_color || std::getenv("NO_COLOR") != nullptr) return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

namespace {

// The library returns errors as values and the walk catches filesystem
// exceptions at its edge; this is the last resort for a bug that lets one
// escape anyway. One line, the text escaped (an exception's message may
// carry a file name from the release), exit 2 for "input or usage error"
// rather than an abort's 134 that a CI gate might not read as a failure.
[[noreturn]] void internal_error(const char* what) {
  std::cout.flush();
  print_message_line(std::cerr, std::string("owl: internal error: ") + what);
  std::cerr.flush();
  std::_Exit(kExitError);
}

// Also reached from a worker thread (the parallel census) or a noexcept
// function, where no catch in main could see the exception.
[[noreturn]] void on_terminate() {
  try {
    if (const auto pending = std::current_exception()) std::rethrow_exception(pending);
  } catch (const std::exception& error) {
    internal_error(error.what());
  } catch (...) {
    internal_error("an exception of unknown type");
  }
  internal_error("terminate called without an exception");
}

}  // namespace
bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) != 0; }

bool show_progress(const GlobalFlags& globals) {
  return !globals.quiet && ::isatty(STDERR_FILENO) != 0;
}

size_t terminal_width() {
  constexpr size_t kNarrowest = 20;  // below this nothing wraps usefully
  if (const char* columns = std::getenv("COLUMNS")) {
    size_t width = 0;
    const char* end = columns + std::strlen(columns);
    const auto [rest, error] = std::from_chars(columns, end, width);
    if (error == std::errc() && rest == end && width > 0) return std::max(width, kNarrowest);
  }
  winsize size{};
  if (stdout_is_terminal() && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return std::max<size_t>(size.ws_col, kNarrowest);
  return 80;
}

TextStyle text_style(const GlobalFlags& globals) {
  return TextStyle{use_color(globals), terminal_width()};
}

}  // namespace owl::cli

int main(int argc, char** argv) {
  using namespace owl::cli;
  std::set_terminate(on_terminate);
  // glibc raises its trim threshold to twice the largest mapped block freed
  // so far (up to 64 MiB) and then keeps that much free memory at the top of
  // the heap. A streaming scan frees large buffers as it goes, so that slack
  // was most of its peak above the baseline: 100,000 releases peaked at
  // 48 MB, 39.6 MB with the threshold fixed at 128 KiB, and ran no slower.
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
  CLI::App app{
      "owl: reads what an open-weights model release actually ships (weights headers, licence "
      "files, model cards) and says what it lets you do.\n\nExit codes: 0 ok, 1 findings a policy "
      "rejects, 2 usage or input error."};
  app.name("owl");
  app.set_version_flag("--version", std::string("owl ") + owl::kVersion);
  app.require_subcommand(1);
  app.fallthrough();  // global flags such as --no-color may follow the subcommand
  GlobalFlags globals;
  app.add_flag("--no-color", globals.no_color,
               "Never colour the output (NO_COLOR is honoured too)");
  app.add_flag("--quiet,-q", globals.quiet,
               "No progress line or other chatter on stderr; errors are still printed");
  Runner run;
  register_scan(app, globals, run);
  register_inspect(app, globals, run);
  register_identify(app, globals, run);
  register_explain(app, globals, run);
  register_bom(app, globals, run);
  register_census(app, globals, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;
  }
  try {
    return run ? run() : kExitError;
  } catch (const std::exception& error) {
    internal_error(error.what());
  } catch (...) {
    internal_error("an exception of unknown type");
  }
}
