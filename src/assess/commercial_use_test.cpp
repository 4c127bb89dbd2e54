// The plain commercial-use answer without a profile, and finding licences
// by what a user or a scan writes (owl explain).
#include <gtest/gtest.h>

#include <algorithm>

#include "owl/assessment.h"
#include "owl/identify.h"
#include "owl/knowledge.h"

namespace owl {
namespace {

Terms terms(const std::string& id) {
  const LicenseFacts* facts = KnowledgeBase::builtin().find(id);
  EXPECT_TRUE(id.rfind("LicenseRef-nobody", 0) == 0 || facts != nullptr) << id;
  return Terms{id, facts, "test", false, {}};
}

TEST(CommercialUse, PermissiveIsYes) {
  const auto verdict = judge_commercial_use({terms("Apache-2.0")});
  EXPECT_EQ(verdict.answer, CommercialUse::kYes);
  EXPECT_NE(verdict.reason.find("Apache"), std::string::npos) << verdict.reason;
}

TEST(CommercialUse, LlamaThresholdIsWithConditions) {
  const auto verdict = judge_commercial_use({terms("LicenseRef-owl-llama-3.1")});
  EXPECT_EQ(verdict.answer, CommercialUse::kWithConditions);
  EXPECT_NE(verdict.reason.find("700M"), std::string::npos) << verdict.reason;
}

TEST(CommercialUse, UseRestrictionsAreConditions) {
  const auto verdict =
      judge_commercial_use({terms("LicenseRef-owl-creativeml-openrail-m-2022-08-22")});
  EXPECT_EQ(verdict.answer, CommercialUse::kWithConditions);
}

TEST(CommercialUse, AnyNonCommercialTermsDecideNo) {
  const auto verdict = judge_commercial_use(
      {terms("Apache-2.0"), terms("CC-BY-NC-4.0"), terms("LicenseRef-owl-llama-3.1")});
  EXPECT_EQ(verdict.answer, CommercialUse::kNo);
  EXPECT_NE(verdict.reason.find("CC-BY-NC-4.0"), std::string::npos) << verdict.reason;
}

TEST(CommercialUse, TermsWithoutFactsOrNoTermsAreUnclear) {
  EXPECT_EQ(judge_commercial_use({}).answer, CommercialUse::kUnclear);
  const auto unknown = judge_commercial_use({terms("Apache-2.0"), terms("LicenseRef-nobody-1")});
  EXPECT_EQ(unknown.answer, CommercialUse::kUnclear);
  EXPECT_NE(unknown.reason.find("LicenseRef-nobody-1"), std::string::npos);
}

TEST(CommercialUse, PolicyDocumentsDoNotDecide) {
  EXPECT_EQ(judge_commercial_use({terms("LicenseRef-owl-llama-aup-3.1")}).answer,
            CommercialUse::kUnclear);
  EXPECT_EQ(judge_commercial_use({terms("MIT"), terms("LicenseRef-owl-llama-aup-3.1")}).answer,
            CommercialUse::kYes);
}

// Every id `owl scan` can print for terms with facts, and every Hub id that
// maps to one, is something `owl explain` finds.
TEST(FindLicense, EveryKnowledgeBaseIdAndHubIdResolves) {
  const KnowledgeBase& base = KnowledgeBase::builtin();
  ASSERT_GT(base.entries().size(), 50u);
  for (const auto& facts : base.entries()) {
    EXPECT_EQ(find_license(base, facts.id), &facts) << facts.id;
    for (const auto& alias : facts.aliases) EXPECT_NE(find_license(base, alias), nullptr) << alias;
  }
  size_t hub_ids = 0;
  for (const auto& hub : hub_licenses()) {
    if (hub.owl_id.empty() || base.find(hub.owl_id) == nullptr) continue;
    ++hub_ids;
    EXPECT_EQ(find_license(base, hub.hub_id), base.find(hub.owl_id)) << hub.hub_id;
  }
  EXPECT_GT(hub_ids, 20u);
}

TEST(FindLicense, LicenseNamesAsCardsWriteThem) {
  const KnowledgeBase& base = KnowledgeBase::builtin();
  const LicenseFacts* llama = find_license(base, "Llama 3.1 Community License");
  ASSERT_NE(llama, nullptr);
  EXPECT_EQ(llama->id, "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(find_license(base, "no such licence at all"), nullptr);
}

TEST(SuggestLicenseIds, NeighboursOfAnUnknownVersionAreItsFamily) {
  const auto suggestions = suggest_license_ids(KnowledgeBase::builtin(), "llama3.5");
  for (const char* expected : {"llama3.1", "llama3.2", "llama3.3"})
    EXPECT_NE(std::find(suggestions.begin(), suggestions.end(), expected), suggestions.end())
        << expected;
  for (const auto& id : suggestions)
    EXPECT_NE(find_license(KnowledgeBase::builtin(), id), nullptr) << id;
}

TEST(SuggestLicenseIds, OwlStyleIdsFindTheFamilyToo) {
  const auto suggestions = suggest_license_ids(KnowledgeBase::builtin(), "LicenseRef-owl-gemma-9");
  ASSERT_FALSE(suggestions.empty());
  for (const auto& id : suggestions) {
    const LicenseFacts* facts = find_license(KnowledgeBase::builtin(), id);
    ASSERT_NE(facts, nullptr) << id;
  }
  EXPECT_NE(
      std::find_if(suggestions.begin(), suggestions.end(),
                   [](const std::string& id) { return id.find("gemma") != std::string::npos; }),
      suggestions.end());
}

}  // namespace
}  // namespace owl
