// The census aggregator: each release reduced to a CensusRow, then counted.
#include "owl/census.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace owl {

namespace {

// A claim owl could not resolve to an id that is not a placeholder:
// "license: openrail", "license_name: faipl-1.0-sd".
bool unresolved(const LicenseClaim& claim) {
  return claim.id.empty() && !claim.placeholder && !claim.written.empty();
}

TermsRow declared_row_of(const Assessment& assessment) {
  if (!assessment.declared.empty())
    return assessment.declared_tier ? row_of(*assessment.declared_tier) : TermsRow::kUnrecognised;
  const auto& claims = assessment.claims;
  if (std::any_of(claims.begin(), claims.end(), unresolved)) return TermsRow::kUnrecognised;
  const bool placeholder = std::any_of(claims.begin(), claims.end(),
                                       [](const LicenseClaim& claim) { return claim.placeholder; });
  return placeholder ? TermsRow::kPlaceholder : TermsRow::kNone;
}

// Without effective terms, the release stays in the row of what it declares
// when that is a placeholder or a licence owl does not know.
TermsRow effective_row_of(const Assessment& assessment, TermsRow declared) {
  if (assessment.effective.empty())
    return declared == TermsRow::kPlaceholder || declared == TermsRow::kUnrecognised
               ? declared
               : TermsRow::kNone;
  const bool any_known = std::any_of(assessment.effective.begin(), assessment.effective.end(),
                                     [](const Terms& terms) { return terms.facts != nullptr; });
  return any_known ? row_of(assessment.effective_tier) : TermsRow::kUnrecognised;
}

std::string nearest_family(const Assessment& assessment) {
  for (const auto& ancestor : assessment.lineage)
    if (ancestor.family) return ancestor.family->family;
  return {};
}

std::string organisation_of(const std::string& name) {
  const auto slash = name.find('/');
  return slash == std::string::npos ? std::string() : name.substr(0, slash);
}

void add_distinct(std::vector<std::string>& ids, const std::string& id) {
  if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

std::string family_of(const std::string& id) {
  const LicenseFacts* facts = KnowledgeBase::builtin().find(id);
  return facts && !facts->family.empty() ? facts->family : "unknown";
}

void count_side(LicenceCounts& counts, const std::vector<std::string>& ids, TermsRow row) {
  ++counts.by_row[static_cast<size_t>(row)];
  std::set<std::string> families;
  for (const auto& id : ids) {
    ++counts.by_id[id];
    families.insert(family_of(id));
  }
  for (const auto& family : families) ++counts.by_family[family];
}

void count_group(GroupMix& mix, const CensusRow& row) {
  ++mix.releases;
  if (row.gap) ++mix.gaps;
  ++mix.declared[static_cast<size_t>(row.declared_row)];
  ++mix.effective[static_cast<size_t>(row.effective_row)];
  for (const auto& id : row.declared) ++mix.declared_ids[id];
}

std::string describe(const Evidence& evidence) {
  std::string where = evidence.source.describe();
  if (evidence.quote.empty()) return where;
  return where.empty() ? evidence.quote : where + ": " + evidence.quote;
}

constexpr size_t kMaxEvidence = 4;

void add_evidence(std::vector<std::string>& lines, const Evidence& evidence,
                  size_t cap = kMaxEvidence) {
  std::string line = describe(evidence);
  if (line.empty() || lines.size() >= cap) return;
  if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
}

void add_evidence(std::vector<std::string>& lines, const std::vector<Evidence>& evidence) {
  for (const auto& item : evidence) add_evidence(lines, item);
}

GapConflict gap_conflict(const Conflict& conflict) {
  GapConflict out{conflict.kind, conflict.severity, conflict.message, {}};
  add_evidence(out.evidence, conflict.evidence);
  return out;
}

// The terms that set the effective tier: the stricter side of the gap.
// Terms owl has no facts for count as proprietary-or-unknown.
const Terms* strictest_terms(const Assessment& assessment) {
  for (const auto& terms : assessment.effective)
    if ((terms.facts ? terms.facts->tier : Tier::kProprietaryOrUnknown) ==
        assessment.effective_tier)
      return &terms;
  return nullptr;
}

// Why the effective terms are stricter than the label: the conflict that
// says so when assess raised one, else the terms that set the tier.
GapEntry gap_entry(const CensusRow& row, const Assessment& assessment) {
  GapEntry gap{row.name, row.declared, row.effective, row.declared_row, row.effective_row, {}, {},
               {}};
  for (const auto& conflict : assessment.conflicts) gap.conflicts.push_back(gap_conflict(conflict));
  // The label's words first, keeping room for the stricter terms' source.
  for (const auto& claim : assessment.claims)
    if (!claim.id.empty()) add_evidence(gap.evidence, claim.evidence, kMaxEvidence - 1);
  const auto base_conflict = std::find_if(
      assessment.conflicts.begin(), assessment.conflicts.end(),
      [](const auto& c) { return c.kind == ConflictKind::kPermissiveLabelOnRestrictiveBase; });
  if (base_conflict != assessment.conflicts.end()) {
    gap.reason = base_conflict->message;  // its evidence names the base
  } else if (const Terms* strictest = strictest_terms(assessment)) {
    gap.reason = fmt::format("{} ({}) governs it: {}", strictest->id,
                             to_string(assessment.effective_tier), strictest->why);
    add_evidence(gap.evidence, strictest->evidence);
  }
  return gap;
}

void count_conflicts(ConflictCounts& counts, const Assessment& assessment) {
  if (assessment.conflicts.empty()) return;
  std::array<std::optional<Severity>, kConflictKindCount> worst_of_kind{};
  Severity worst = Severity::kLow;
  for (const auto& conflict : assessment.conflicts) {
    const auto kind = static_cast<size_t>(conflict.kind);
    if (kind >= kConflictKindCount) continue;  // a kind newer than this table
    ++counts.by_kind[kind].conflicts;
    if (!worst_of_kind[kind] || conflict.severity > *worst_of_kind[kind])
      worst_of_kind[kind] = conflict.severity;
    worst = std::max(worst, conflict.severity);
  }
  for (size_t kind = 0; kind < kConflictKindCount; ++kind) {
    if (!worst_of_kind[kind]) continue;
    auto& entry = counts.by_kind[kind];
    ++entry.releases;
    ++entry.by_severity[static_cast<size_t>(*worst_of_kind[kind])];
    if (assessment.more_permissive_label) ++entry.in_gap;
  }
  ++counts.releases;
  ++counts.by_worst_severity[static_cast<size_t>(worst)];
}

}  // namespace

std::string_view to_string(TermsRow row) {
  switch (row) {
    case TermsRow::kUnrecognised: return "unrecognised";
    case TermsRow::kPlaceholder: return "placeholder";
    case TermsRow::kNone: return "none";
    default: return to_string(static_cast<Tier>(row));
  }
}

TermsRow row_of(Tier tier) {
  // TermsRow starts with the tiers in Tier's order.
  return static_cast<TermsRow>(static_cast<int>(tier));
}

std::vector<size_t> conflict_kinds_by_releases(const ConflictCounts& counts) {
  std::vector<size_t> kinds(kConflictKindCount);
  for (size_t kind = 0; kind < kConflictKindCount; ++kind) kinds[kind] = kind;
  std::stable_sort(kinds.begin(), kinds.end(), [&](size_t a, size_t b) {
    return counts.by_kind[a].releases > counts.by_kind[b].releases;
  });
  return kinds;
}

CensusRow census_row(const ReleaseAudit& audit, const DateTable* dates) {
  const Assessment& assessment = audit.assessment;
  CensusRow row;
  row.name = audit.release.name;
  row.organisation = organisation_of(row.name);
  for (const auto& id : assessment.declared) add_distinct(row.declared, id);
  row.declared_row = declared_row_of(assessment);
  for (const auto& terms : assessment.effective) add_distinct(row.effective, terms.id);
  row.effective_row = effective_row_of(assessment, row.declared_row);
  row.base_family = nearest_family(assessment);
  row.gap = assessment.more_permissive_label;
  row.conflicts = assessment.conflicts.size();
  for (const auto& conflict : assessment.conflicts)
    add_distinct(row.conflict_kinds, to_string(conflict.kind));
  if (auto month = release_month(audit, dates)) {
    row.month = std::move(month->month);
    row.month_basis = std::move(month->basis);
  }
  row.problems = audit.release.problems;
  for (const auto& artifact : audit.release.artifacts)
    if (artifact.error) row.problems.push_back(*artifact.error);
  return row;
}

void Census::add(const CensusRow& row, const ReleaseAudit& audit) {
  ++result_.releases;
  count_side(result_.declared, row.declared, row.declared_row);
  count_side(result_.effective, row.effective, row.effective_row);
  ++result_.matrix[static_cast<size_t>(row.declared_row)][static_cast<size_t>(row.effective_row)];
  count_conflicts(result_.conflicts, audit.assessment);
  if (row.gap) {
    ++result_.gap_count;
    if (result_.gaps.size() < options_.max_listed)
      result_.gaps.push_back(gap_entry(row, audit.assessment));
  }
  count_group(result_.by_organisation[row.organisation.empty() ? "(none)" : row.organisation], row);
  if (!row.base_family.empty()) count_group(result_.by_base_family[row.base_family], row);
  if (row.month) {
    count_group(result_.by_month[*row.month], row);
    ++result_.month_basis[row.month_basis];
  } else {
    ++result_.undated;
  }
  if (!row.problems.empty()) {
    ++result_.parse_failure_count;
    if (result_.parse_failures.size() < options_.max_listed)
      result_.parse_failures.push_back({row.name, row.problems.front()});
  }
}

CensusResult Census::finish() && {
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::stable_sort(result_.gaps.begin(), result_.gaps.end(), by_name);
  std::stable_sort(result_.parse_failures.begin(), result_.parse_failures.end(), by_name);
  return std::move(result_);
}

}  // namespace owl
