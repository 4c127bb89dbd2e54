// owl census PATH...: licence statistics over many releases.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "hub_flags.h"
#include "owl/audit.h"
#include "owl/bytes.h"
#include "owl/census.h"
#include "owl/output_file.h"
#include "owl/report.h"

namespace owl::cli {

namespace {

struct CensusFlags {
  std::vector<std::string> paths;
  bool json = false;
  bool csv = false;
  std::string html;
  std::string date_from;
  size_t top = 15;
  unsigned jobs = 0;
  HubFlags hub;
};

// Reduces each audit to a row as it arrives; the CSV is written then, so
// nothing but the counters outlives a release.
class CensusSink : public AuditSink {
 public:
  CensusSink(const DateTable* dates, bool csv) : dates_(dates), csv_(csv) {
    if (csv_) print_census_csv_header(std::cout);
  }

  // A release whose card or files could not be parsed is counted and listed
  // in the report, and each problem is also one line on stderr, as in `owl
  // scan`; the run then exits 2.
  void on_release(ReleaseAudit&& audit) override {
    const CensusRow row = census_row(audit, dates_);
    for (const auto& problem : row.problems)
      std::cerr << "owl: error: " << audit.release.root << ": " << problem.message() << "\n";
    if (csv_) print_census_csv_row(std::cout, row);
    census_.add(row, audit);
  }

  void on_error(const Error& error) override {
    census_.add_path_error(error);
    print_error_text(std::cerr, error, TextStyle{false});
  }

  void on_note(const std::string& note) override {
    print_note_text(std::cerr, note, TextStyle{false});
  }

  CensusResult finish() && { return std::move(census_).finish(); }

 private:
  const DateTable* dates_;
  bool csv_;
  Census census_;
};

Expected<DateTable> load_dates(const std::string& path) {
  auto text = read_text_prefix(path, 64u << 20);
  if (!text) return text.error();
  return read_date_table(*text);
}

int run_census(const CensusFlags& flags, const GlobalFlags& globals) {
  std::optional<DateTable> dates;
  if (!flags.date_from.empty()) {
    auto loaded = load_dates(flags.date_from);
    if (!loaded) {
      print_error_text(std::cerr, loaded.error(), TextStyle{false});
      return kExitError;
    }
    dates = std::move(*loaded);
  }
  auto inputs = inputs_from(flags.paths, flags.hub);
  if (!inputs) {
    print_error_text(std::cerr, inputs.error(), TextStyle{false});
    return kExitError;
  }
  AuditOptions options;
  options.hub = hub_settings_from(flags.hub);
  CensusSink sink(dates ? &*dates : nullptr, flags.csv);
  const ParallelOptions parallel{workers_for(*inputs, flags.jobs), 0};
  audit_with_progress(*inputs, options, sink, !flags.json && !flags.csv && show_progress(globals),
                      &parallel);
  const CensusResult census = std::move(sink).finish();
  if (!flags.html.empty()) {
    if (auto written = write_file_atomically(flags.html, census_html(census)); !written) {
      print_error_text(std::cerr, written.error(), TextStyle{false});
      return kExitError;
    }
  }
  if (flags.json)
    std::cout << census_json(census) << "\n";
  else if (!flags.csv)
    print_census_text(std::cout, census,
                      CensusTextOptions{use_color(globals), flags.top, terminal_width()});
  const bool failed = !census.path_errors.empty() || census.parse_failure_count > 0;
  return failed ? kExitError : kExitOk;
}

}  // namespace

void register_census(CLI::App& app, const GlobalFlags& globals, Runner& run) {
  auto flags = std::make_shared<CensusFlags>();
  CLI::App* census = app.add_subcommand(
      "census",
      "Licence statistics over many releases (repo folders, a Hugging Face cache, a folder of "
      "model cards): declared vs effective terms by id, family and tier, the gap between them, "
      "by organisation, base family and month");
  // A missing path is an error in the census; the others are still counted.
  census->add_option("PATH", flags->paths, "Paths and hf:// ids to count");
  auto* json = census->add_flag("--json", flags->json,
                                "Print one JSON document (schema owl.census/1: docs/census.md)");
  census->add_flag("--csv", flags->csv, "Print one CSV row per release as it is read")
      ->excludes(json);
  census->add_option("--html", flags->html,
                     "Also write a self-contained page with charts to this file");
  census
      ->add_option("--date-from", flags->date_from,
                   "CSV of NAME,DATE (YYYY-MM[-DD]) dating releases for the over-time table")
      ->check(CLI::ExistingFile);
  census->add_option("--top", flags->top, "Rows per list in the terminal table")
      ->check(CLI::Range(1, 100000));
  census
      ->add_option("-j,--jobs", flags->jobs,
                   "Worker threads (default: one per core; at least 32 when an input is an hf:// "
                   "id, whose work waits on the network)")
      ->check(CLI::Range(0, 256));
  add_hub_flags(*census, flags->hub);
  census->callback(
      [&run, &globals, flags] { run = [&globals, flags] { return run_census(*flags, globals); }; });
}

}  // namespace owl::cli
