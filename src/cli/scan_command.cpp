// owl scan PATH...: audit every release under the paths given.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "owl/audit.h"
#include "owl/output_file.h"
#include "owl/report.h"
#include "profile_flags.h"

namespace owl::cli {

namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  bool json = false;
  bool hash = false;
  std::string output;  // empty or "-": standard output
  ScanLayout layout = ScanLayout::kAuto;
  ProfileFlags profile;
};

bool to_stdout(const ScanFlags& flags) { return flags.output.empty() || flags.output == "-"; }

// Collects every release first: a base scanned alongside its derivatives
// lends them its actual terms (reassess_scanned_set) before anything prints.
class ScanPrinter : public AuditSink {
 public:
  ScanPrinter(bool json, TextStyle style, ScanLayout layout, std::vector<std::string> gate_rules)
      : json_(json), style_(style), layout_(layout), gate_rules_(std::move(gate_rules)) {}

  void on_release(ReleaseAudit&& audit) override {
    note_failures(audit.release);
    audits_.push_back(std::move(audit));
  }

  void on_error(const Error& error) override {
    errors_.push_back(error);
    print_error_text(std::cerr, error, TextStyle{false});
  }

  void on_note(const std::string& note) override { notes_.push_back(note); }

  // The whole report, text or JSON, after the scanned set lent each release
  // its bases' terms.
  std::string report(const AssessOptions& options) {
    reassess_scanned_set(audits_, options);
    std::ostringstream out;
    if (json_) {
      out << scan_json(audits_, errors_, notes_) << "\n";
    } else {
      print_scan_text(out, audits_, style_,
                      use_summary(layout_, audits_.size(), stdout_is_terminal()));
      for (const auto& note : notes_) print_note_text(out, note, style_);
    }
    return out.str();
  }

  // Every tripped gate is named even when an input error decides the exit
  // code, so a run with both says both.
  int exit_code() const {
    bool tripped = false;
    for (const auto& audit : audits_) {
      std::string why;
      if (!gate_trips(gate_rules_, audit, why)) continue;
      print_message_line(std::cerr, "owl: policy: " + why);
      tripped = true;
    }
    if (!errors_.empty() || unreadable_ > 0) return kExitError;
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
    print_message_line(std::cerr, "owl: error: " + release.root + ": " + error.message());
  }

  bool json_;
  TextStyle style_;
  ScanLayout layout_;
  std::vector<std::string> gate_rules_;
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
  scan->add_option("--output,-o", flags->output,
                   "Write the report (text or JSON) to FILE instead of standard output; the "
                   "file appears whole or not at all")
      ->type_name("FILE");
  auto* summary = scan->add_flag_function(
      "--summary", [flags](int64_t) { flags->layout = ScanLayout::kSummary; },
      "One line per release: verdict, worst conflict and the reason that decides it (the "
      "default on a terminal for more than 20 releases)");
  scan->add_flag_function(
          "--full", [flags](int64_t) { flags->layout = ScanLayout::kFull; },
          "The full report for every release, however many")
      ->excludes(summary);
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
      auto rules = gate_rules(flags->profile, profile->has_value());
      if (!rules) {
        print_error_text(std::cerr, rules.error(), TextStyle{false});
        return static_cast<int>(kExitError);
      }
      options.assess.profile = *profile;
      // Colour and the terminal's width only for a terminal, never into a file.
      const TextStyle style = to_stdout(*flags) ? text_style(globals) : TextStyle{false};
      ScanPrinter printer(flags->json, style, flags->layout, std::move(*rules));
      audit_with_progress(flags->paths, options, printer, !flags->json && show_progress(globals));
      const std::string report = printer.report(options.assess);
      if (to_stdout(*flags)) {
        std::cout << report;
      } else if (auto written = write_file_atomically(flags->output, report); !written) {
        print_error_text(std::cerr, written.error(), TextStyle{false});
        return static_cast<int>(kExitError);
      }
      return printer.exit_code();
    };
  });
}

}  // namespace owl::cli
