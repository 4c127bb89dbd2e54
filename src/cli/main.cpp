// owl: the open-weights licence auditor. Thin front end over the library.
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
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
// JSON string quoting is the escaping: control bytes become \u001b and
// the like.
[[noreturn]] void internal_error(const char* what) {
  std::cout.flush();
  std::cerr << "owl: internal error: "
            << nlohmann::json(what).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << std::endl;
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

}  // namespace owl::cli

int main(int argc, char** argv) {
  using namespace owl::cli;
  std::set_terminate(on_terminate);
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
