// owl: the open-weights licence auditor. Thin front end over the library.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "commands.h"
#include "owl/version.h"

namespace owl::cli {

bool use_color(const GlobalFlags& globals) {
  if (globals.no_color || std::getenv("NO_COLOR") != nullptr) return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

}  // namespace owl::cli

int main(int argc, char** argv) {
  using namespace owl::cli;
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
  if (!run) return kExitError;
  // The library turns filesystem and reader failures into errors; this is
  // the last resort, so nothing ever ends in an uncaught-exception abort.
  try {
    return run();
  } catch (const std::exception& ex) {
    std::cerr << "owl: error: internal: " << ex.what() << "\n";
    return kExitError;
  }
}
