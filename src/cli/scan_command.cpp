// owl scan PATH...: audit every release under the paths given.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "owl/audit.h"
#include "owl/report.h"
#include "profile_flags.h"

namespace owl::cli {

namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  bool json = false;
  bool hash = false;
  ProfileFlags profile;
};

// Collects every release first: a base scanned alongside its derivatives
// lends them its actual terms (reassess_scanned_set) before anything prints.
class ScanPrinter : public AuditSink {
 public:
  ScanPrinter(bool json, TextStyle style, const ProfileFlags& gate)
      : json_(json), style_(style), gate_(gate) {}

  void on_release(ReleaseAudit&& audit) override {
    note_failures(audit.release);
    audits_.push_back(std::move(audit));
  }

  void on_error(const Error& error) override {
    errors_.push_back(error);
    print_error_text(std::cerr, error, TextStyle{false});
  }

  void on_note(const std::string& note) override { notes_.push_back(note); }

  int finish(const AssessOptions& options) {
    reassess_scanned_set(audits_, options);
    if (json_) {
      std::cout << scan_json(audits_, errors_, notes_) << "\n";
    } else {
      for (const auto& audit : audits_) print_release_text(std::cout, audit, style_);
      for (const auto& note : notes_) print_note_text(std::cout, note, style_);
    }
    if (!errors_.empty() || unreadable_ > 0) return kExitError;
    bool tripped = false;
    for (const auto& audit : audits_) {
      std::string why;
      if (!gate_trips(gate_, audit, why)) continue;
      std::cerr << "owl: policy: " << why << "\n";
      tripped = true;
    }
    return tripped ? kExitRejected : kExitOk;
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
  const ProfileFlags& gate_;
  std::vector<ReleaseAudit> audits_;
  std::vector<Error> errors_;
  std::vector<std::string> notes_;
  size_t unreadable_ = 0;
};

}  // namespace

void register_scan(CLI::App& app, const GlobalFlags& globals, Runner& run) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* scan = app.add_subcommand(
      "scan",
      "Audit model releases: a repo folder or snapshot, a single weights file, a Hugging Face "
      "cache (hub/), or a folder of releases");
  // Paths are checked by the walk, not here: a missing one is an error in
  // the report and the others are still scanned.
  scan->add_option("PATH", flags->paths, "Paths to scan")->required();
  scan->add_flag("--json", flags->json, "Print one JSON document (schema: docs/json-output.md)");
  scan->add_flag("--hash", flags->hash,
                 "Compute the SHA-256 of every weights file (reads whole files) and check it "
                 "against what the release records");
  add_profile_flags(*scan, flags->profile);
  scan->callback([&run, &globals, flags] {
    run = [&globals, flags] {
      AuditOptions options;
      options.read.hash = flags->hash;
      auto profile = profile_from(flags->profile);
      if (!profile) {
        print_error_text(std::cerr, profile.error(), TextStyle{false});
        return static_cast<int>(kExitError);
      }
      options.assess.profile = *profile;
      ScanPrinter printer(flags->json, TextStyle{use_color(globals)}, flags->profile);
      audit_paths(flags->paths, options, printer);
      return printer.finish(options.assess);
    };
  });
}

}  // namespace owl::cli
