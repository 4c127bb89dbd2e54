#include "owl/census.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace owl {
namespace {

using nlohmann::json;

const LicenseFacts* facts(const std::string& id) { return KnowledgeBase::builtin().find(id); }

// A hand-made audit as assess would leave it: the declared ids and their
// tier, the effective terms, and an optional base family.
ReleaseAudit make_audit(const std::string& name, std::vector<std::string> declared,
                        std::vector<std::string> effective, const std::string& base_family = {}) {
  ReleaseAudit audit;
  audit.release.name = name;
  Assessment& a = audit.assessment;
  a.declared = std::move(declared);
  for (const auto& id : a.declared) {
    LicenseClaim claim;
    claim.id = id;
    claim.facts = facts(id);
    claim.evidence = {{"README.md", "line 3"}, "license: " + id};
    a.claims.push_back(claim);
    if (claim.facts && (!a.declared_tier || claim.facts->tier < *a.declared_tier))
      a.declared_tier = claim.facts->tier;
  }
  for (const auto& id : effective) {
    Terms terms{id, facts(id), "its card", false, {}};
    if (terms.facts && (a.effective.empty() || terms.facts->tier > a.effective_tier))
      a.effective_tier = terms.facts->tier;
    a.effective.push_back(terms);
  }
  if (!base_family.empty()) {
    Ancestor ancestor;
    ancestor.name = base_family + "-base";
    ancestor.family = ModelFamily{base_family, ""};
    a.lineage.push_back(ancestor);
  }
  return audit;
}

ReleaseAudit llama_finetune_labelled_apache(const std::string& name) {
  ReleaseAudit audit = make_audit(name, {"apache-2.0"}, {"apache-2.0"}, "llama");
  Terms inherited{"LicenseRef-owl-llama-3.1",
                  facts("LicenseRef-owl-llama-3.1"),
                  "inherited from base meta-llama/Llama-3.1-8B",
                  true,
                  {{"README.md", "line 5"}, "base_model: meta-llama/Llama-3.1-8B"}};
  audit.assessment.effective.push_back(inherited);
  audit.assessment.effective_tier = inherited.facts->tier;
  audit.assessment.more_permissive_label = true;
  Conflict conflict;
  conflict.kind = ConflictKind::kPermissiveLabelOnRestrictiveBase;
  conflict.severity = Severity::kHigh;
  conflict.message = "apache-2.0 on a Llama 3.1 fine-tune";
  conflict.evidence = {{{"README.md", "line 5"}, "base_model: meta-llama/Llama-3.1-8B"}};
  audit.assessment.conflicts.push_back(conflict);
  return audit;
}

CensusResult census_of(const std::vector<ReleaseAudit>& audits) {
  Census census;
  for (const auto& audit : audits) census.add(census_row(audit), audit);
  return std::move(census).finish();
}

size_t row(const RowCounts& counts, TermsRow r) { return counts[static_cast<size_t>(r)]; }

TEST(Census, CountsDeclaredAndEffectiveByIdFamilyAndTier) {
  ASSERT_NE(facts("apache-2.0"), nullptr);
  ASSERT_NE(facts("mit"), nullptr);
  const CensusResult census = census_of({
      make_audit("a/one", {"apache-2.0"}, {"apache-2.0"}),
      make_audit("a/two", {"apache-2.0", "mit"}, {"apache-2.0", "mit"}),
      make_audit("b/three", {"LicenseRef-owl-llama-3.1"}, {"LicenseRef-owl-llama-3.1"}, "llama"),
      make_audit("c/four", {}, {}),
  });
  EXPECT_EQ(census.releases, 4u);
  EXPECT_EQ(census.declared.by_id.at("apache-2.0"), 2u);
  EXPECT_EQ(census.declared.by_id.at("mit"), 1u);
  EXPECT_EQ(census.declared.by_family.at("apache"), 2u);
  EXPECT_EQ(census.declared.by_family.at("llama"), 1u);
  EXPECT_EQ(row(census.declared.by_row, TermsRow::kOpenPermissive), 2u);
  EXPECT_EQ(row(census.declared.by_row, row_of(facts("LicenseRef-owl-llama-3.1")->tier)), 1u);
  EXPECT_EQ(row(census.declared.by_row, TermsRow::kNone), 1u);
  EXPECT_EQ(row(census.effective.by_row, TermsRow::kNone), 1u);
  EXPECT_EQ(census.gap_count, 0u);
  EXPECT_EQ(census.by_organisation.at("a").releases, 2u);
  EXPECT_EQ(census.by_base_family.at("llama").declared_ids.at("LicenseRef-owl-llama-3.1"), 1u);
}

TEST(Census, PlaceholderAndUnrecognisedHaveTheirOwnRows) {
  ReleaseAudit placeholder = make_audit("x/placeholder", {}, {});
  LicenseClaim claim;
  claim.written = "[More Information Needed]";
  claim.placeholder = true;
  placeholder.assessment.claims.push_back(claim);
  const CensusResult census =
      census_of({placeholder, make_audit("x/odd", {"not-a-licence-owl-knows"}, {})});
  EXPECT_EQ(row(census.declared.by_row, TermsRow::kPlaceholder), 1u);
  EXPECT_EQ(row(census.declared.by_row, TermsRow::kUnrecognised), 1u);
  EXPECT_EQ(census.declared.by_family.at("unknown"), 1u);
  EXPECT_EQ(census.matrix[static_cast<size_t>(TermsRow::kPlaceholder)]
                         [static_cast<size_t>(TermsRow::kPlaceholder)],
            1u);
}

TEST(Census, GapListsEveryPermissiveLabelOnStricterTermsWithEvidenceSortedByName) {
  const CensusResult census =
      census_of({llama_finetune_labelled_apache("z/tune"), make_audit("m/plain", {"mit"}, {"mit"}),
                 llama_finetune_labelled_apache("b/tune")});
  EXPECT_EQ(census.gap_count, 2u);
  ASSERT_EQ(census.gaps.size(), 2u);
  EXPECT_EQ(census.gaps[0].name, "b/tune");
  EXPECT_EQ(census.gaps[1].name, "z/tune");
  EXPECT_EQ(census.gaps[0].reason, "apache-2.0 on a Llama 3.1 fine-tune");
  // The label's line; the base's line comes with the conflict.
  EXPECT_EQ(census.gaps[0].evidence,
            std::vector<std::string>{"README.md line 3: license: apache-2.0"});
  ASSERT_EQ(census.gaps[0].conflicts.size(), 1u);
  const GapConflict& conflict = census.gaps[0].conflicts[0];
  EXPECT_EQ(conflict.kind, ConflictKind::kPermissiveLabelOnRestrictiveBase);
  EXPECT_EQ(conflict.severity, Severity::kHigh);
  EXPECT_EQ(conflict.message, "apache-2.0 on a Llama 3.1 fine-tune");
  EXPECT_EQ(conflict.evidence,
            std::vector<std::string>{"README.md line 5: base_model: meta-llama/Llama-3.1-8B"});
  EXPECT_EQ(census.by_base_family.at("llama").gaps, 2u);
  const size_t permissive = static_cast<size_t>(TermsRow::kOpenPermissive);
  const size_t llama = static_cast<size_t>(row_of(facts("LicenseRef-owl-llama-3.1")->tier));
  EXPECT_EQ(census.matrix[permissive][llama], 2u);
  EXPECT_EQ(census.matrix[permissive][permissive], 1u);
}

TEST(Census, AGapWithoutABaseConflictNamesTheTermsThatSetTheTier) {
  ReleaseAudit audit = make_audit("y/vl", {"apache-2.0", "LicenseRef-owl-llama-2"},
                                  {"apache-2.0", "LicenseRef-owl-llama-2"});
  audit.assessment.effective[1].evidence = {{"README.md", "line 6"}, "license_name: llama2"};
  audit.assessment.more_permissive_label = true;
  const CensusResult census = census_of({audit});
  ASSERT_EQ(census.gaps.size(), 1u);
  EXPECT_EQ(census.gaps[0].reason,
            "LicenseRef-owl-llama-2 (source-available-revocable) governs "
            "it: its card");
  EXPECT_EQ(census.gaps[0].evidence.back(), "README.md line 6: license_name: llama2");
}

// Terms owl has no facts for are proprietary-or-unknown, and they can be
// what sets the tier (Moistral: cc-by-nc-4.0 beside license_name "freeuse").
TEST(Census, AGapSetByTermsWithoutFactsNamesThem) {
  ReleaseAudit audit = make_audit("t/m", {"CC-BY-NC-4.0"}, {"CC-BY-NC-4.0", "freeuse"});
  audit.assessment.effective[1].evidence = {{"README.md", "line 3"}, "license_name: freeuse"};
  audit.assessment.effective_tier = Tier::kProprietaryOrUnknown;
  audit.assessment.more_permissive_label = true;
  const CensusResult census = census_of({audit});
  ASSERT_EQ(census.gaps.size(), 1u);
  EXPECT_EQ(census.gaps[0].reason, "freeuse (proprietary-or-unknown) governs it: its card");
  EXPECT_EQ(census.gaps[0].evidence.back(), "README.md line 3: license_name: freeuse");
}

TEST(Census, AnUnresolvedLicenceIsUnrecognisedNotNone) {
  ReleaseAudit audit = make_audit("x/openrail", {}, {});
  LicenseClaim claim;
  claim.written = "openrail";
  audit.assessment.claims.push_back(claim);
  const CensusResult census = census_of({audit});
  EXPECT_EQ(row(census.declared.by_row, TermsRow::kUnrecognised), 1u);
  EXPECT_EQ(row(census.effective.by_row, TermsRow::kUnrecognised), 1u);
}

// A release counts once per kind, at its most severe conflict of the kind.
TEST(Census, ConflictsAreCountedPerKindAndSeverity) {
  ReleaseAudit notices = make_audit("a/notices", {"mit"}, {"mit"});
  for (Severity severity : {Severity::kLow, Severity::kMedium}) {
    Conflict conflict;
    conflict.kind = ConflictKind::kRequiredNoticeMissing;
    conflict.severity = severity;
    notices.assessment.conflicts.push_back(conflict);
  }
  const CensusResult census = census_of(
      {notices, llama_finetune_labelled_apache("b/tune"), make_audit("c/clean", {"mit"}, {"mit"})});
  const auto& kinds = census.conflicts.by_kind;
  const auto& notice = kinds[static_cast<size_t>(ConflictKind::kRequiredNoticeMissing)];
  EXPECT_EQ(notice.releases, 1u);
  EXPECT_EQ(notice.conflicts, 2u);
  EXPECT_EQ(notice.by_severity, (SeverityCounts{0, 1, 0}));
  EXPECT_EQ(notice.in_gap, 0u);
  const auto& base = kinds[static_cast<size_t>(ConflictKind::kPermissiveLabelOnRestrictiveBase)];
  EXPECT_EQ(base.releases, 1u);
  EXPECT_EQ(base.by_severity, (SeverityCounts{0, 0, 1}));
  EXPECT_EQ(base.in_gap, 1u);
  EXPECT_EQ(census.conflicts.releases, 2u);
  EXPECT_EQ(census.conflicts.by_worst_severity, (SeverityCounts{0, 1, 1}));
  const std::vector<size_t> order = conflict_kinds_by_releases(census.conflicts);
  ASSERT_EQ(order.size(), kConflictKindCount);
  EXPECT_EQ(census_row(notices).conflict_kinds,
            std::vector<std::string>{"required-notice-missing"});
}

TEST(Census, ListsAreCappedButCountsAreNot) {
  Census census(CensusOptions{1});
  for (const char* name : {"b/x", "a/y"}) {
    ReleaseAudit audit = llama_finetune_labelled_apache(name);
    audit.release.problems.push_back(Error::corrupt("README.md", std::nullopt, "card.yaml", "bad"));
    census.add(census_row(audit), audit);
  }
  const CensusResult result = std::move(census).finish();
  EXPECT_EQ(result.gap_count, 2u);
  EXPECT_EQ(result.gaps.size(), 1u);
  EXPECT_EQ(result.parse_failure_count, 2u);
  ASSERT_EQ(result.parse_failures.size(), 1u);
  EXPECT_EQ(result.parse_failures[0].name, "b/x");
  EXPECT_EQ(json::parse(census_json(result))["gap"]["omitted"], 1);
}

TEST(Census, DatesComeFromTheTableThenTheCard) {
  auto table = read_date_table("name,date\na/one,2024-03-15\n\"b/two\",2023-11\n");
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->at("b/two"), "2023-11");
  ReleaseAudit dated = make_audit("a/one", {"mit"}, {"mit"});
  dated.release.card_body = "**Model Release Date** April 18, 2024\n";
  dated.card = read_card_evidence(dated.release.card_body, 1, dated.release.name);
  EXPECT_EQ(census_row(dated, &*table).month, "2024-03");
  EXPECT_EQ(census_row(dated, &*table).month_basis, "date-from");
  EXPECT_EQ(census_row(dated).month, "2024-04");
  EXPECT_EQ(census_row(dated).month_basis, "card");
  EXPECT_FALSE(census_row(make_audit("c/three", {}, {})).month.has_value());
}

TEST(Census, BadDateRowIsAnErrorNamingTheLine) {
  auto table = read_date_table("name,date\na/one,2024-03-15\nb/two,yesterday\n");
  ASSERT_FALSE(table.has_value());
  EXPECT_NE(table.error().message().find("line 3"), std::string::npos);
}

TEST(CensusDates, ReadsTheSpellingsRealCardsUse) {
  EXPECT_EQ(month_in_card_line("**Release Date:** Sept 25, 2024"), "2024-09");
  EXPECT_EQ(month_in_card_line("Release Date:** 7/26/2024"), "2024-07");
  EXPECT_EQ(month_in_card_line("* Release Date Estimate:** Monday, 11.July.2022"), "2022-07");
  EXPECT_EQ(month_in_card_line("Release date        | Sep 2024 |"), "2024-09");
  EXPECT_EQ(month_in_card_line("Release Date**: May 6th, 2024"), "2024-05");
  EXPECT_EQ(month_in_card_line("Release dates: The model weight is released on May 21, 2024"),
            "2024-05");
  // The licence's date, not the model's.
  EXPECT_EQ(month_in_card_line("Llama 3 Version Release Date: April 18, 2024"), std::nullopt);
  EXPECT_EQ(month_in_card_line("release date, the monthly active users"), std::nullopt);
}

TEST(CensusCsv, QuotesFieldsThatNeedIt) {
  CensusRow row;
  row.name = "org/with,comma";
  row.declared = {"apache-2.0", "mit"};
  row.declared_row = TermsRow::kOpenPermissive;
  row.problems.push_back(Error::corrupt("x.md", std::nullopt, "card.yaml", "say \"hi\""));
  std::ostringstream out;
  print_census_csv_row(out, row);
  EXPECT_EQ(
      out.str(),
      "\"org/with,comma\",apache-2.0 mit,open-permissive,,none,,no,0,,,\"x.md: card.yaml: say "
      "\"\"hi\"\"\"\n");
}

TEST(CensusHtml, PageIsSelfContainedAndEscapesNames) {
  const CensusResult census = census_of({llama_finetune_labelled_apache("evil/</script><b>")});
  const std::string page = census_html(census);
  EXPECT_NE(page.find("Chart.js v3"), std::string::npos);  // the bundle, inline
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("evil/</script>"), std::string::npos);
  EXPECT_NE(page.find("evil/&lt;/script&gt;&lt;b&gt;"), std::string::npos);
  EXPECT_NE(page.find("id=\"chart-matrix\""), std::string::npos);
}

}  // namespace
}  // namespace owl
