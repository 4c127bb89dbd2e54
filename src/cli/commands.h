// The owl command line: each subcommand registers its flags on the CLI11 app
// and runs against the library. Commands return an exit code; only main()
// exits.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "owl/audit.h"
#include "owl/report.h"

namespace owl::cli {

// Documented in README.md and `owl --help`.
enum ExitCode : int {
  kExitOk = 0,
  kExitRejected = 1,  // findings that a policy rejects
  kExitError = 2,     // usage or input error
};

struct GlobalFlags {
  bool no_color = false;
  bool quiet = false;  // no progress line or other chatter; errors still print
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
bool stdout_is_terminal();
// A progress line goes to stderr only when it is a terminal and the user
// did not ask for --quiet.
bool show_progress(const GlobalFlags& globals);
// Columns a text report wraps to: COLUMNS when set, else the terminal's
// width (TIOCGWINSZ) when stdout is one, else 80.
size_t terminal_width();
// Colour and width for text printers (owl/report.h TextStyle).
TextStyle text_style(const GlobalFlags& globals);

// audit_paths (or audit_paths_parallel when `parallel` is given), with a
// progress line on stderr when `show` (show_progress(), and never with
// --json: the caller decides).
size_t audit_with_progress(const std::vector<std::string>& paths, const AuditOptions& options,
                           AuditSink& sink, bool show, const ParallelOptions* parallel = nullptr);

}  // namespace owl::cli
