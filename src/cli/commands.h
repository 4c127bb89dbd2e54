// The owl command line: each subcommand registers its flags on the CLI11 app
// and runs against the library. Commands return an exit code; only main()
// exits.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

namespace owl::cli {

// Documented in README.md and `owl --help`.
enum ExitCode : int {
  kExitOk = 0,
  kExitRejected = 1,  // findings that a policy rejects
  kExitError = 2,     // usage or input error
};

struct GlobalFlags {
  bool no_color = false;
};

// Each register_* adds a subcommand and sets `run` to the function to call
// when that subcommand was chosen.
using Runner = std::function<int()>;

void register_scan(CLI::App& app, const GlobalFlags& globals, Runner& run);
void register_identify(CLI::App& app, const GlobalFlags& globals, Runner& run);
void register_inspect(CLI::App& app, const GlobalFlags& globals, Runner& run);
void register_explain(CLI::App& app, const GlobalFlags& globals, Runner& run);
void register_bom(CLI::App& app, const GlobalFlags& globals, Runner& run);
void register_census(CLI::App& app, const GlobalFlags& globals, Runner& run);

bool use_color(const GlobalFlags& globals);

}  // namespace owl::cli
