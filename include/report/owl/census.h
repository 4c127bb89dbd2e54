// The census: licence statistics over many releases, for `owl census`.
//
// A Census takes one ReleaseAudit at a time and keeps only counters and
// capped lists, so a run over thousands of releases holds one audit at a
// time (counters grow with the distinct licence ids, organisations, base
// families and months seen, never with the releases). Each release is first
// reduced to a CensusRow (what the CSV prints), then counted: the licences
// it declares and the terms that really govern it (after lineage and its
// LICENSE text), each by id, by family and by tier; the declared-vs-effective
// matrix; the "gap" (a label more permissive than the terms); the conflicts
// assess raised, per kind and severity; breakdowns by
// organisation, by base family and by month; and cards that could not be
// parsed, counted and listed. Not thread-safe: feed it from one thread (the
// parallel runner delivers on the calling thread).
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "owl/assessment.h"
#include "owl/audit.h"
#include "owl/error.h"
#include "owl/knowledge.h"

namespace owl {

// Where a release sits on the tier ladder, plus the rows for releases that
// cannot be placed on it. Declared and effective terms share the rows so
// the matrix is square.
enum class TermsRow {
  kOpenPermissive,
  kOpenCopyleft,
  kOpenWithUseRestrictions,
  kSourceAvailableRevocable,
  kNonCommercial,
  kProprietaryOrUnknown,
  kUnrecognised,  // declares ids owl has no facts for
  kPlaceholder,   // "[More Information Needed]", bare "other"
  kNone,          // states no licence at all
};
inline constexpr size_t kTermsRowCount = 9;
std::string_view to_string(
    TermsRow row);  // a Tier's spelling, "unrecognised", "placeholder", "none"
TermsRow row_of(Tier tier);

using RowCounts = std::array<size_t, kTermsRowCount>;

// One release reduced to what the census counts (and the CSV prints).
struct CensusRow {
  std::string name;
  std::string organisation;           // before the '/' of the name; empty when there is none
  std::vector<std::string> declared;  // licence ids
  TermsRow declared_row = TermsRow::kNone;
  std::vector<std::string> effective;  // ids of the terms that govern it
  TermsRow effective_row = TermsRow::kNone;
  std::string base_family;  // nearest ancestor's family; empty without lineage
  bool gap = false;         // the label is more permissive than the terms
  size_t conflicts = 0;
  std::vector<std::string> conflict_kinds;  // distinct, most severe first
  std::optional<std::string> month;         // "YYYY-MM"
  std::string month_basis;                  // "date-from", "card", "hub-cache-download"
  std::vector<Error> problems;              // files (the card) that could not be parsed
};

// Release name -> "YYYY-MM", from `--date-from FILE` (CSV: name,date).
using DateTable = std::map<std::string, std::string, std::less<>>;
Expected<DateTable> read_date_table(std::string_view csv_text);

// The month a release dates from: the date table first, then a release date
// the card states ("Release Date: April 18, 2024"; a licence agreement's
// "Version Release Date" does not count), then when a hub cache snapshot was
// downloaded (the cache keeps no commit times).
struct ReleaseMonth {
  std::string month;  // "YYYY-MM"
  std::string basis;
};
std::optional<ReleaseMonth> release_month(const ReleaseAudit& audit, const DateTable* dates);

CensusRow census_row(const ReleaseAudit& audit, const DateTable* dates = nullptr);

// Releases per id and per family for one side (declared or effective).
struct LicenceCounts {
  RowCounts by_row{};
  std::map<std::string, size_t> by_id;      // a release counts once per distinct id
  std::map<std::string, size_t> by_family;  // knowledge-base family; "unknown" without facts
};

struct GroupMix {
  size_t releases = 0;
  size_t gaps = 0;
  RowCounts declared{}, effective{};
  std::map<std::string, size_t> declared_ids;
};

// One conflict assess raised, as the gap list shows it.
struct GapConflict {
  ConflictKind kind = ConflictKind::kNoLicense;
  Severity severity = Severity::kMedium;
  std::string message;
  std::vector<std::string> evidence;  // "card.md line 5: base_model: meta-llama/..."
};

struct GapEntry {
  std::string name;
  std::vector<std::string> declared, effective;
  TermsRow declared_row = TermsRow::kNone, effective_row = TermsRow::kNone;
  // Why the terms are stricter, in one sentence: the conflict that says so,
  // else the terms that set the effective tier and where they come from.
  std::string reason;
  std::vector<std::string> evidence;   // where the label and the stricter terms are stated
  std::vector<GapConflict> conflicts;  // every conflict on the release, most severe first
};

// Conflicts across the census, per kind. ConflictKind::kHashMismatch is
// the last kind (assessment.h); Severity runs low, medium, high.
inline constexpr size_t kConflictKindCount = static_cast<size_t>(ConflictKind::kHashMismatch) + 1;
inline constexpr size_t kSeverityCount = static_cast<size_t>(Severity::kHigh) + 1;
using SeverityCounts = std::array<size_t, kSeverityCount>;

struct ConflictKindCounts {
  size_t releases = 0;           // releases with at least one conflict of the kind
  size_t conflicts = 0;          // conflicts of the kind in all (a release may have several)
  SeverityCounts by_severity{};  // releases, by their most severe conflict of the kind
  size_t in_gap = 0;             // of `releases`, those whose label is more permissive
};

struct ConflictCounts {
  std::array<ConflictKindCounts, kConflictKindCount> by_kind{};
  size_t releases = 0;                 // releases with any conflict
  SeverityCounts by_worst_severity{};  // releases, by their most severe conflict
};
// Kind indexes, most releases first (ties in ConflictKind order), every kind
// included so a zero shows.
std::vector<size_t> conflict_kinds_by_releases(const ConflictCounts& counts);

struct ParseFailure {
  std::string name;
  Error error;
};

struct CensusResult {
  size_t releases = 0;
  LicenceCounts declared, effective;
  std::array<RowCounts, kTermsRowCount> matrix{};  // [declared row][effective row]
  size_t gap_count = 0;
  std::vector<GapEntry> gaps;  // sorted by name; at most CensusOptions::max_listed
  ConflictCounts conflicts;
  std::map<std::string, GroupMix> by_organisation;
  std::map<std::string, GroupMix> by_base_family;
  std::map<std::string, GroupMix> by_month;
  std::map<std::string, size_t> month_basis;  // basis -> releases dated by it
  size_t undated = 0;
  size_t parse_failure_count = 0;
  std::vector<ParseFailure> parse_failures;  // sorted by name; capped like gaps
  std::vector<Error> path_errors;            // paths that could not be read at all
};

struct CensusOptions {
  size_t max_listed = 100'000;  // cap on the gap and parse-failure lists
};

class Census {
 public:
  explicit Census(CensusOptions options = {}) : options_(options) {}
  void add(const CensusRow& row, const ReleaseAudit& audit);
  void add_path_error(const Error& error) { result_.path_errors.push_back(error); }
  // Sorts the lists so output does not depend on delivery order.
  CensusResult finish() &&;

 private:
  CensusOptions options_;
  CensusResult result_;
};

// Printers. Terminal: the tables with the top `top` rows of each list.
struct CensusTextOptions {
  bool color = false;
  size_t top = 15;
  size_t width = 80;  // wrap to this many columns (0: never); text is escaped (owl/report.h)
};
void print_census_text(std::ostream& out, const CensusResult& census,
                       const CensusTextOptions& options);
// Schema "owl.census/1" (docs/census.md).
std::string census_json(const CensusResult& census);
// One row per release, written as releases arrive.
void print_census_csv_header(std::ostream& out);
void print_census_csv_row(std::ostream& out, const CensusRow& row);
// A self-contained page (Chart.js embedded); the CLI writes it with
// write_file_atomically (owl/output_file.h).
std::string census_html(const CensusResult& census);

}  // namespace owl
