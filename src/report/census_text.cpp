// Terminal printer for `owl census`: tables, the top rows of each list.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "owl/census.h"
#include "painter.h"

namespace owl {

namespace {

using detail::Painter;

// Six letters at most, so the matrix (a 12-column label and nine 7-column
// cells) fits 80 columns; the tier table above spells each out in full.
constexpr std::array<std::string_view, kTermsRowCount> kShortRow = {
    "perm", "copyl", "restr", "revoc", "nc", "propr", "unrec", "placeh", "none"};
// In a group's mix, where there is room to say more.
constexpr std::array<std::string_view, kTermsRowCount> kMixLabel = {
    "perm",      "copyleft", "use-restr", "revocable", "non-comm",
    "propr/unk", "unrecog",  "placeh",    "none"};

std::string share(size_t count, size_t total) {
  return total == 0 ? "   -" : fmt::format("{:5.1f}%", 100.0 * double(count) / double(total));
}

std::string paint_row(const Painter& p, TermsRow row, const std::string& text) {
  switch (row) {
    case TermsRow::kOpenPermissive:
    case TermsRow::kOpenCopyleft: return p.good(text);
    case TermsRow::kOpenWithUseRestrictions:
    case TermsRow::kSourceAvailableRevocable: return p.warn(text);
    case TermsRow::kNonCommercial:
    case TermsRow::kProprietaryOrUnknown: return p.bad(text);
    default: return p.dim(text);
  }
}

template <class Map>
std::vector<std::pair<std::string, size_t>> top_counts(const Map& counts, size_t top) {
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sorted.size() > top) sorted.resize(top);
  return sorted;
}

std::vector<std::pair<std::string, const GroupMix*>> top_groups(
    const std::map<std::string, GroupMix>& groups, size_t top) {
  std::vector<std::pair<std::string, const GroupMix*>> sorted;
  for (const auto& [key, mix] : groups) sorted.emplace_back(key, &mix);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second->releases > b.second->releases;
  });
  if (sorted.size() > top) sorted.resize(top);
  return sorted;
}

std::string mix_text(const RowCounts& counts) {
  std::string out;
  for (size_t row = 0; row < kTermsRowCount; ++row)
    if (counts[row] > 0)
      out += fmt::format("{}{} {}", out.empty() ? "" : " · ", kMixLabel[row], counts[row]);
  return out;
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "(none)" : out;
}

void print_tiers(std::ostream& out, const Painter& p, const CensusResult& census) {
  out << p.bold(
      fmt::format("\n{:<28} {:>14} {:>15}\n", "Releases by tier", "declared", "effective"));
  for (size_t row = 0; row < kTermsRowCount; ++row) {
    const auto label = fmt::format("  {:<26}", to_string(static_cast<TermsRow>(row)));
    out << paint_row(p, static_cast<TermsRow>(row), label)
        << fmt::format(" {:>7} {}  {:>7} {}\n", census.declared.by_row[row],
                       share(census.declared.by_row[row], census.releases),
                       census.effective.by_row[row],
                       share(census.effective.by_row[row], census.releases));
  }
}

void print_ids(std::ostream& out, const Painter& p, const char* title, const LicenceCounts& counts,
               size_t releases, size_t top) {
  out << p.bold(fmt::format("\n{} (top {} of {} ids; a release counts once per id)\n", title,
                            std::min(top, counts.by_id.size()), counts.by_id.size()));
  for (const auto& [id, count] : top_counts(counts.by_id, top))
    out << fmt::format("  {:<48} {:>7} {}\n", id, count, share(count, releases));
  out << p.bold(fmt::format("  by family:\n"));
  for (const auto& [family, count] : top_counts(counts.by_family, top))
    out << fmt::format("    {:<46} {:>7} {}\n", family, count, share(count, releases));
}

void print_matrix(std::ostream& out, const Painter& p, const CensusResult& census) {
  out << p.bold("\nDeclared (rows) vs effective (columns)\n") << fmt::format("  {:<10}", "");
  for (auto label : kShortRow) out << fmt::format("{:>7}", label);
  out << "\n";
  for (size_t d = 0; d < kTermsRowCount; ++d) {
    out << paint_row(p, static_cast<TermsRow>(d), fmt::format("  {:<10}", kShortRow[d]));
    for (size_t e = 0; e < kTermsRowCount; ++e) {
      const size_t count = census.matrix[d][e];
      const std::string cell = fmt::format("{:>7}", count == 0 ? "." : std::to_string(count));
      const bool stricter = e > d && e < 6;  // both tiers, effective stricter
      out << (count > 0 && stricter ? p.bad(cell) : cell);
    }
    out << "\n";
  }
  std::string legend;
  for (size_t row = 0; row < kTermsRowCount; ++row)
    legend += fmt::format("{}{}={}", legend.empty() ? "" : " · ", kShortRow[row],
                          to_string(static_cast<TermsRow>(row)));
  out << p.dim("  " + legend) << "\n";
}

void print_gap_evidence(std::ostream& out, const Painter& p, const GapEntry& gap) {
  const bool reason_is_a_conflict =
      std::any_of(gap.conflicts.begin(), gap.conflicts.end(),
                  [&](const GapConflict& conflict) { return conflict.message == gap.reason; });
  if (!gap.reason.empty() && !reason_is_a_conflict) out << "      " << gap.reason << "\n";
  for (const auto& line : gap.evidence) out << p.dim("        " + line) << "\n";
  for (const auto& conflict : gap.conflicts) {
    out << "      "
        << p.warn(fmt::format("{} ({})", to_string(conflict.kind), to_string(conflict.severity)))
        << ": " << conflict.message << "\n";
    for (const auto& line : conflict.evidence)
      if (std::find(gap.evidence.begin(), gap.evidence.end(), line) == gap.evidence.end())
        out << p.dim("        " + line) << "\n";
  }
}

void print_gaps(std::ostream& out, const Painter& p, const CensusResult& census, size_t top) {
  out << p.bold(fmt::format("\nLabel more permissive than the terms: {} releases ({})\n",
                            census.gap_count, share(census.gap_count, census.releases)));
  for (size_t i = 0; i < std::min(top, census.gaps.size()); ++i) {
    const auto& gap = census.gaps[i];
    out << fmt::format("  {}  {} ({}) -> {} ({})\n", p.bold(gap.name), joined(gap.declared),
                       to_string(gap.declared_row), joined(gap.effective),
                       p.bad(std::string(to_string(gap.effective_row))));
    print_gap_evidence(out, p, gap);
  }
  if (census.gap_count > top)
    out << p.dim(fmt::format("  ... {} more (--json, --csv)\n", census.gap_count - top));
}

void print_conflicts(std::ostream& out, const Painter& p, const CensusResult& census) {
  const ConflictCounts& counts = census.conflicts;
  const auto& worst = counts.by_worst_severity;
  out << p.bold(fmt::format(
      "\nConflicts: {} releases ({}) have at least one; most severe high {} · medium {} · low "
      "{}\n",
      counts.releases, share(counts.releases, census.releases),
      worst[static_cast<size_t>(Severity::kHigh)], worst[static_cast<size_t>(Severity::kMedium)],
      worst[static_cast<size_t>(Severity::kLow)]));
  // 77 columns: the longest kind is 36 letters.
  out << p.dim(fmt::format("  {:<36} {:>8} {:>5} {:>4} {:>4} {:>6} {:>6}\n", "kind (releases)",
                           "releases", "high", "med", "low", "total", "in gap"));
  for (const size_t kind : conflict_kinds_by_releases(counts)) {
    const ConflictKindCounts& entry = counts.by_kind[kind];
    const auto severity = [&](Severity level) {
      return entry.by_severity[static_cast<size_t>(level)];
    };
    const std::string line = fmt::format("  {:<36} {:>8} {:>5} {:>4} {:>4} {:>6} {:>6}\n",
                                         to_string(static_cast<ConflictKind>(kind)), entry.releases,
                                         severity(Severity::kHigh), severity(Severity::kMedium),
                                         severity(Severity::kLow), entry.conflicts, entry.in_gap);
    out << (entry.releases == 0 ? p.dim(line) : line);
  }
}

void print_groups(std::ostream& out, const Painter& p, const char* title,
                  const std::map<std::string, GroupMix>& groups, size_t top, bool with_ids) {
  out << p.bold(fmt::format("\n{} (top {} of {}; effective tiers)\n", title,
                            std::min(top, groups.size()), groups.size()));
  for (const auto& [key, mix] : top_groups(groups, top)) {
    out << fmt::format("  {:<24} {:>6}  {}", key, mix->releases, mix_text(mix->effective));
    if (mix->gaps > 0) out << p.bad(fmt::format("  gap {}", mix->gaps));
    out << "\n";
    if (!with_ids) continue;
    std::string ids;
    for (const auto& [id, count] : top_counts(mix->declared_ids, 4))
      ids += fmt::format("{}{} {}", ids.empty() ? "" : " · ", id, count);
    out << p.dim(fmt::format("    declared: {}\n", ids.empty() ? "(none)" : ids));
  }
}

void print_time(std::ostream& out, const Painter& p, const CensusResult& census) {
  std::string bases;
  for (const auto& [basis, count] : census.month_basis)
    bases += fmt::format("{}{} {}", bases.empty() ? "" : ", ", basis, count);
  out << p.bold(fmt::format("\nOver time ({} dated: {}; {} undated)\n",
                            census.releases - census.undated, bases.empty() ? "-" : bases,
                            census.undated));
  for (const auto& [month, mix] : census.by_month)
    out << fmt::format("  {:<10} {:>6}  {}\n", month, mix.releases, mix_text(mix.effective));
}

void print_failures(std::ostream& out, const Painter& p, const CensusResult& census, size_t top) {
  out << p.bold(fmt::format("\nCould not be parsed: {} releases\n", census.parse_failure_count));
  for (size_t i = 0; i < std::min(top, census.parse_failures.size()); ++i)
    out << fmt::format("  {}: {}\n", census.parse_failures[i].name,
                       p.warn(census.parse_failures[i].error.message()));
  for (const auto& error : census.path_errors) out << p.bad("  path: " + error.message()) << "\n";
}

}  // namespace

void print_census_text(std::ostream& report, const CensusResult& census,
                       const CensusTextOptions& options) {
  const Painter p{options.color};
  std::ostringstream out;
  out << p.bold(fmt::format("owl census: {} releases", census.releases))
      << fmt::format(", {} could not be parsed, {} paths failed\n", census.parse_failure_count,
                     census.path_errors.size());
  print_tiers(out, p, census);
  print_ids(out, p, "Declared licences", census.declared, census.releases, options.top);
  print_ids(out, p, "Effective terms", census.effective, census.releases, options.top);
  print_matrix(out, p, census);
  print_conflicts(out, p, census);
  print_gaps(out, p, census, options.top);
  print_groups(out, p, "By organisation", census.by_organisation, options.top, false);
  print_groups(out, p, "By base family", census.by_base_family, options.top, true);
  print_time(out, p, census);
  print_failures(out, p, census, options.top);
  report << detail::render_terminal(out.str(), options.color, options.width);
}

}  // namespace owl
