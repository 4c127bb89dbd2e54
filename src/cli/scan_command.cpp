// owl scan PATH...: audit every release under the paths given.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "owl/audit.h"
#include "owl/report.h"

namespace owl::cli {

namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  bool json = false;
  bool hash = false;
};

// Collects for JSON (one document at the end), prints text as it goes.
class ScanPrinter : public AuditSink {
 public:
  ScanPrinter(bool json, TextStyle style) : json_(json), style_(style) {}

  void on_release(ReleaseAudit&& audit) override {
    note_failures(audit.release);
    if (json_)
      audits_.push_back(std::move(audit));
    else
      print_release_text(std::cout, audit, style_);
  }

  void on_error(const Error& error) override {
    errors_.push_back(error);
    print_error_text(std::cerr, error, TextStyle{false});
  }

  int finish() {
    if (json_) std::cout << scan_json(audits_, errors_) << "\n";
    return errors_.empty() && unreadable_ == 0 ? kExitOk : kExitError;
  }

 private:
  // A file owl could not read is an input error: say so on stderr, one line
  // each, and exit 2 after the report so nothing else is lost.
  void note_failures(const Release& release) {
    for (const auto& artifact : release.artifacts)
      if (artifact.error) report_unreadable(*artifact.error, release);
    for (const auto& problem : release.problems) report_unreadable(problem, release);
  }

  void report_unreadable(const Error& error, const Release& release) {
    ++unreadable_;
    std::cerr << "owl: error: " << release.root << ": " << error.message() << "\n";
  }

  bool json_;
  TextStyle style_;
  std::vector<ReleaseAudit> audits_;
  std::vector<Error> errors_;
  size_t unreadable_ = 0;
};

}  // namespace

void register_scan(CLI::App& app, const GlobalFlags& globals, Runner& run) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* scan = app.add_subcommand(
      "scan",
      "Audit model releases: a repo folder or snapshot, a single weights file, a Hugging Face "
      "cache (hub/), or a folder of releases");
  scan->add_option("PATH", flags->paths, "Paths to scan")->required()->check(CLI::ExistingPath);
  scan->add_flag("--json", flags->json, "Print one JSON document (schema: docs/json-output.md)");
  scan->add_flag("--hash", flags->hash,
                 "Compute the SHA-256 of every weights file (reads whole files) and check it "
                 "against what the release records");
  scan->callback([&run, &globals, flags] {
    run = [&globals, flags] {
      AuditOptions options;
      options.read.hash = flags->hash;
      ScanPrinter printer(flags->json, TextStyle{use_color(globals)});
      audit_paths(flags->paths, options, printer);
      return printer.finish();
    };
  });
}

}  // namespace owl::cli
