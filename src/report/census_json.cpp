// `owl census --json` (schema owl.census/1, docs/census.md) and `--csv`.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "owl/census.h"
#include "owl/report.h"
#include "owl/version.h"

namespace owl {

namespace {

using nlohmann::ordered_json;

constexpr const char* kCensusSchema = "owl.census/1";

double share(size_t count, size_t total) {
  return total == 0 ? 0.0 : std::round(1000.0 * double(count) / double(total)) / 1000.0;
}

ordered_json rows_json(const RowCounts& counts) {
  ordered_json out = ordered_json::object();
  for (size_t row = 0; row < kTermsRowCount; ++row)
    if (counts[row] > 0) out[std::string(to_string(static_cast<TermsRow>(row)))] = counts[row];
  return out;
}

ordered_json counted(const std::map<std::string, size_t>& counts, const char* key,
                     size_t releases) {
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  ordered_json out = ordered_json::array();
  for (const auto& [name, count] : sorted)
    out.push_back({{key, name}, {"releases", count}, {"share", share(count, releases)}});
  return out;
}

ordered_json side_json(const LicenceCounts& counts, size_t releases) {
  ordered_json by_tier = ordered_json::array();
  for (size_t row = 0; row < kTermsRowCount; ++row)
    by_tier.push_back({{"tier", to_string(static_cast<TermsRow>(row))},
                       {"releases", counts.by_row[row]},
                       {"share", share(counts.by_row[row], releases)}});
  ordered_json by_id = counted(counts.by_id, "id", releases);
  for (auto& entry : by_id) {
    const LicenseFacts* facts = KnowledgeBase::builtin().find(entry["id"].get<std::string>());
    entry["family"] = facts ? ordered_json(facts->family) : ordered_json(nullptr);
    entry["tier"] = facts ? ordered_json(to_string(facts->tier)) : ordered_json(nullptr);
  }
  return {{"by_tier", by_tier},
          {"by_family", counted(counts.by_family, "family", releases)},
          {"by_id", by_id}};
}

ordered_json groups_json(const std::map<std::string, GroupMix>& groups, const char* key,
                         bool with_ids) {
  std::vector<std::pair<std::string, const GroupMix*>> sorted;
  for (const auto& [name, mix] : groups) sorted.emplace_back(name, &mix);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second->releases > b.second->releases;
  });
  ordered_json out = ordered_json::array();
  for (const auto& [name, mix] : sorted) {
    ordered_json entry = {{key, name},
                          {"releases", mix->releases},
                          {"gaps", mix->gaps},
                          {"declared", rows_json(mix->declared)},
                          {"effective", rows_json(mix->effective)}};
    if (with_ids) entry["declared_ids"] = mix->declared_ids;
    out.push_back(std::move(entry));
  }
  return out;
}

ordered_json matrix_json(const CensusResult& census) {
  ordered_json rows = ordered_json::array();
  for (size_t row = 0; row < kTermsRowCount; ++row)
    rows.push_back(to_string(static_cast<TermsRow>(row)));
  ordered_json counts = ordered_json::array();
  for (const auto& row : census.matrix) counts.push_back(row);
  return {{"rows", rows}, {"counts", counts}};
}

ordered_json gap_conflicts_json(const GapEntry& gap) {
  ordered_json out = ordered_json::array();
  for (const auto& conflict : gap.conflicts)
    out.push_back({{"kind", to_string(conflict.kind)},
                   {"severity", to_string(conflict.severity)},
                   {"message", conflict.message},
                   {"evidence", conflict.evidence}});
  return out;
}

ordered_json severities_json(const SeverityCounts& counts) {
  return {{"high", counts[static_cast<size_t>(Severity::kHigh)]},
          {"medium", counts[static_cast<size_t>(Severity::kMedium)]},
          {"low", counts[static_cast<size_t>(Severity::kLow)]}};
}

ordered_json conflicts_json(const CensusResult& census) {
  const ConflictCounts& counts = census.conflicts;
  ordered_json by_kind = ordered_json::array();
  for (const size_t kind : conflict_kinds_by_releases(counts)) {
    const ConflictKindCounts& entry = counts.by_kind[kind];
    by_kind.push_back({{"kind", to_string(static_cast<ConflictKind>(kind))},
                       {"releases", entry.releases},
                       {"share", share(entry.releases, census.releases)},
                       {"by_severity", severities_json(entry.by_severity)},
                       {"conflicts", entry.conflicts},
                       {"in_gap", entry.in_gap}});
  }
  return {{"releases", counts.releases},
          {"by_worst_severity", severities_json(counts.by_worst_severity)},
          {"by_kind", by_kind}};
}

ordered_json gaps_json(const CensusResult& census) {
  ordered_json listed = ordered_json::array();
  for (const auto& gap : census.gaps)
    listed.push_back({{"name", gap.name},
                      {"declared", gap.declared},
                      {"declared_tier", to_string(gap.declared_row)},
                      {"effective", gap.effective},
                      {"effective_tier", to_string(gap.effective_row)},
                      {"reason", gap.reason},
                      {"evidence", gap.evidence},
                      {"conflicts", gap_conflicts_json(gap)}});
  return {{"releases", census.gap_count},
          {"listed", listed},
          {"omitted", census.gap_count - census.gaps.size()}};
}

ordered_json time_json(const CensusResult& census) {
  ordered_json months = ordered_json::array();
  for (const auto& [month, mix] : census.by_month)
    months.push_back({{"month", month},
                      {"releases", mix.releases},
                      {"declared", rows_json(mix.declared)},
                      {"effective", rows_json(mix.effective)}});
  return {{"basis", census.month_basis}, {"undated", census.undated}, {"months", months}};
}

ordered_json failures_json(const CensusResult& census) {
  ordered_json listed = ordered_json::array();
  for (const auto& failure : census.parse_failures)
    listed.push_back(
        {{"name", failure.name}, {"error", ordered_json::parse(error_json(failure.error))}});
  return {{"releases", census.parse_failure_count},
          {"listed", listed},
          {"omitted", census.parse_failure_count - census.parse_failures.size()}};
}

// RFC 4180: quote a field holding a comma, quote or line break.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string ids_field(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
  return csv_field(out);
}

}  // namespace

std::string census_json(const CensusResult& census) {
  ordered_json errors = ordered_json::array();
  for (const auto& error : census.path_errors)
    errors.push_back(ordered_json::parse(error_json(error)));
  ordered_json out = {
      {"schema", kCensusSchema},
      {"owl_version", kVersion},
      {"releases", census.releases},
      {"declared", side_json(census.declared, census.releases)},
      {"effective", side_json(census.effective, census.releases)},
      {"matrix", matrix_json(census)},
      {"conflicts", conflicts_json(census)},
      {"gap", gaps_json(census)},
      {"by_organisation", groups_json(census.by_organisation, "organisation", false)},
      {"by_base_family", groups_json(census.by_base_family, "family", true)},
      {"over_time", time_json(census)},
      {"parse_failures", failures_json(census)},
      {"errors", errors}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void print_census_csv_header(std::ostream& out) {
  out << "name,declared,declared_tier,effective,effective_tier,base_family,gap,conflicts,"
         "conflict_kinds,month,parse_error\n";
}

void print_census_csv_row(std::ostream& out, const CensusRow& row) {
  out << csv_field(row.name) << ',' << ids_field(row.declared) << ',' << to_string(row.declared_row)
      << ',' << ids_field(row.effective) << ',' << to_string(row.effective_row) << ','
      << csv_field(row.base_family) << ',' << (row.gap ? "yes" : "no") << ',' << row.conflicts
      << ',' << ids_field(row.conflict_kinds) << ',' << row.month.value_or("") << ','
      << csv_field(row.problems.empty() ? "" : row.problems.front().message()) << '\n';
}

}  // namespace owl
