// owl scan PATH...: audit every release under the paths given.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "hub_flags.h"
#include "owl/audit.h"
#include "owl/output_file.h"
#include "owl/report.h"
#include "profile_flags.h"

namespace owl::cli {

namespace {

enum class ScanFormat { kText, kJson, kJsonl };

struct ScanFlags {
  std::vector<std::string> paths;
  bool json = false;
  bool jsonl = false;
  bool hash = false;
  unsigned jobs = 0;
  std::string output;  // empty or "-": standard output
  ScanLayout layout = ScanLayout::kAuto;
  ProfileFlags profile;
  HubFlags hub;
};

bool to_stdout(const ScanFlags& flags) { return flags.output.empty() || flags.output == "-"; }

ScanFormat format_of(const ScanFlags& flags) {
  if (flags.jsonl) return ScanFormat::kJsonl;
  return flags.json ? ScanFormat::kJson : ScanFormat::kText;
}

// Prints each release as it arrives (after ScannedSetStream gave it its
// bases' terms) and keeps only counters, path errors and notes, and the
// gate lines of releases that tripped it.
class ScanPrinter : public AuditSink {
 public:
  ScanPrinter(std::ostream& out, ScanFormat format, TextStyle style, bool summary,
              std::vector<std::string> gate_rules)
      : out_(out),
        format_(format),
        style_(style),
        summary_(summary),
        gate_rules_(std::move(gate_rules)) {
    if (format_ == ScanFormat::kJson) json_.emplace(out_);
  }

  void on_release(ReleaseAudit&& audit) override {
    note_failures(audit.release);
    if (std::string why; gate_trips(gate_rules_, audit, why)) tripped_.push_back(std::move(why));
    switch (format_) {
      case ScanFormat::kJson: json_->release(audit); break;
      case ScanFormat::kJsonl: out_ << scan_jsonl_line(audit); break;
      case ScanFormat::kText:
        if (summary_)
          print_summary_text(out_, audit, style_);
        else
          print_release_text(out_, audit, style_);
        break;
    }
  }

  void on_error(const Error& error) override {
    errors_.push_back(error);
    print_error_text(std::cerr, error, TextStyle{false});
  }

  // A JSON Lines stream has no place for notes: they go to stderr.
  void on_note(const std::string& note) override {
    if (format_ == ScanFormat::kJsonl)
      print_note_text(std::cerr, note, TextStyle{false});
    else
      notes_.push_back(note);
  }

  void finish() {
    if (json_) {
      json_->finish(errors_, notes_);
      out_ << "\n";
    } else if (format_ == ScanFormat::kText) {
      for (const auto& note : notes_) print_note_text(out_, note, style_);
    }
  }

  // Every tripped gate is named even when an input error decides the exit
  // code, so a run with both says both.
  int exit_code() const {
    for (const auto& why : tripped_) print_message_line(std::cerr, "owl: policy: " + why);
    if (!errors_.empty() || unreadable_ > 0) return kExitError;
    return tripped_.empty() ? kExitOk : kExitRejected;
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

  std::ostream& out_;
  ScanFormat format_;
  TextStyle style_;
  bool summary_;
  std::vector<std::string> gate_rules_;
  std::optional<ScanJsonWriter> json_;
  std::vector<std::string> tripped_;
  std::vector<Error> errors_;
  std::vector<std::string> notes_;
  size_t unreadable_ = 0;
};

int run_scan(const ScanFlags& flags, const GlobalFlags& globals) {
  AuditOptions options;
  options.read.hash = flags.hash;
  auto profile = profile_from(flags.profile);
  if (!profile) {
    print_error_text(std::cerr, profile.error(), TextStyle{false});
    return kExitError;
  }
  auto rules = gate_rules(flags.profile, profile->has_value());
  if (!rules) {
    print_error_text(std::cerr, rules.error(), TextStyle{false});
    return kExitError;
  }
  options.assess.profile = *profile;
  auto inputs = inputs_from(flags.paths, flags.hub);
  if (!inputs) {
    print_error_text(std::cerr, inputs.error(), TextStyle{false});
    return kExitError;
  }
  options.hub = hub_settings_from(flags.hub);
  // The names first (a walk that reads no file), so a release whose base
  // comes later in the walk is known to have one in the set.
  const ReleaseNameIndex names = ReleaseNameIndex::walk(*inputs, options.find);
  std::optional<AtomicOutputFile> file;
  if (!to_stdout(flags)) file.emplace(flags.output);
  std::ostream& out = file ? file->stream() : std::cout;
  // Colour and the terminal's width only for a terminal, never into a file.
  const TextStyle style = to_stdout(flags) ? text_style(globals) : TextStyle{false};
  const ScanFormat format = format_of(flags);
  ScanPrinter printer(out, format, style,
                      use_summary(flags.layout, names.size(), stdout_is_terminal()),
                      std::move(*rules));
  ScannedSetStream resolved(names, options.assess, printer);
  const ParallelOptions parallel{workers_for(*inputs, flags.jobs), 0};
  audit_with_progress(*inputs, options, resolved,
                      format == ScanFormat::kText && show_progress(globals), &parallel);
  resolved.finish();
  printer.finish();
  if (file) {
    if (auto written = file->commit(); !written) {
      print_error_text(std::cerr, written.error(), TextStyle{false});
      return kExitError;
    }
  } else {
    std::cout.flush();
  }
  return printer.exit_code();
}

}  // namespace

void register_scan(CLI::App& app, const GlobalFlags& globals, Runner& run) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* scan = app.add_subcommand(
      "scan",
      "Audit model releases: a repo folder or snapshot, a single weights file, a Hugging Face "
      "cache (hub/), a folder of releases, or a model on the Hub (hf://ORG/NAME[@REVISION], "
      "read over HTTP without downloading its weights)");
  // Paths are checked by the walk, not here: a missing one is an error in
  // the report and the others are still scanned.
  scan->add_option("PATH", flags->paths, "Paths and hf:// ids to scan");
  auto* json = scan->add_flag("--json", flags->json,
                              "Print one JSON document (schema: docs/json-output.md), written "
                              "as releases finish");
  scan->add_flag("--jsonl", flags->jsonl,
                 "Print one JSON object per release, one per line, as releases finish (the "
                 "objects of --json's releases; docs/json-output.md)")
      ->excludes(json);
  scan->add_flag("--hash", flags->hash,
                 "Compute the SHA-256 of every weights file (reads whole files) and check it "
                 "against what the release records");
  scan->add_option("-j,--jobs", flags->jobs,
                   "Worker threads (default: one per core; at least 32 when an input is an hf:// "
                   "id, whose work waits on the network)")
      ->check(CLI::Range(0, 256));
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
  add_hub_flags(*scan, flags->hub);
  scan->callback(
      [&run, &globals, flags] { run = [&globals, flags] { return run_scan(*flags, globals); }; });
}

}  // namespace owl::cli
