// The text governs: releases whose LICENSE is a corpus licence text changed
// the way labs change a template, judged for a commercial deployment with 2M
// monthly active users and $50M annual revenue in the EU. The nearest known
// licence's terms must never be carried across.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "owl/audit.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::corpus;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "the corpus text no longer holds '" << from << "'";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

DeploymentProfile eu_company() {
  DeploymentProfile profile;
  profile.commercial = true;
  profile.monthly_active_users = 2'000'000;
  profile.annual_revenue_usd = 50e6;
  profile.regions = {"EU"};
  profile.redistribute_weights = true;
  profile.origin = "test";
  return profile;
}

// One release: a card with `front_matter` and a LICENSE holding `licence`.
ReleaseAudit audit_release_with(const std::string& licence, const std::string& front_matter,
                                std::optional<DeploymentProfile> profile = eu_company()) {
  TempDir dir;
  const fs::path root = dir.path() / "acme-model";
  fs::create_directories(root);
  write_file(root / "README.md", "---\n" + front_matter + "---\n# Acme model\n");
  write_file(root / "LICENSE", licence);
  AuditOptions options;
  options.assess.profile = std::move(profile);
  auto locations = find_releases(root.string(), options.find);
  EXPECT_TRUE(locations && locations->size() == 1);
  return audit_release(locations->front(), options);
}

bool has_reason(const UseVerdict& use, Permission effect, ReasonKind kind) {
  return std::any_of(use.reasons.begin(), use.reasons.end(),
                     [&](const Reason& r) { return r.effect == effect && r.kind == kind; });
}

bool has_conflict(const Assessment& a, ConflictKind kind) {
  return std::any_of(a.conflicts.begin(), a.conflicts.end(),
                     [&](const Conflict& c) { return c.kind == kind; });
}

std::string apache() { return read_file(corpus("licenses/qwen/LICENSE")); }
std::string mit() { return read_file(corpus("licenses/deepseek-r1/LICENSE")); }
std::string llama32() { return read_file(corpus("licenses/llama-3.2/LICENSE")); }

TEST(TextGoverns, ApacheWithRevenueThresholdIsNotAllowedAboveIt) {
  const auto audit = audit_release_with(
      apache() +
          "\n\nADDITIONAL TERMS. If your annual revenue exceeds USD $10,000,000 you must "
          "obtain a separate commercial license from Acme before any use.\n",
      "license: apache-2.0\n");
  const Assessment& a = audit.assessment;
  ASSERT_TRUE(a.use);
  EXPECT_EQ(a.use->permission, Permission::kNotAllowed);
  EXPECT_TRUE(has_reason(*a.use, Permission::kNotAllowed, ReasonKind::kThreshold));
  EXPECT_NE(a.effective_tier, Tier::kOpenPermissive);
  EXPECT_TRUE(has_conflict(a, ConflictKind::kModifiedPresentedAsPlain))
      << "a label naming the plain licence on a text with terms of its own";
}

TEST(TextGoverns, ApacheWithNonCommercialCarveOutIsNotAllowed) {
  const auto audit = audit_release_with(
      apache() +
          "\n\nNotwithstanding the above, the Work may be used for non-commercial "
          "purposes only.\n",
      "license: apache-2.0\n");
  ASSERT_TRUE(audit.assessment.use);
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNotAllowed);
  EXPECT_TRUE(
      has_reason(*audit.assessment.use, Permission::kNotAllowed, ReasonKind::kCommercialUse));
  EXPECT_TRUE(has_conflict(audit.assessment, ConflictKind::kNonCommercialUse));
  EXPECT_EQ(audit.assessment.effective_tier, Tier::kNonCommercial);
}

TEST(TextGoverns, MitWithRegistrationClauseOwesRegistration) {
  const auto audit = audit_release_with(
      mit() +
          "\n\nBefore any commercial use of the Software you must register with Acme using "
          "the form on its website.\n",
      "license: mit\n");
  const auto& use = *audit.assessment.use;
  EXPECT_EQ(use.permission, Permission::kAllowedWithDuties);
  EXPECT_TRUE(std::any_of(use.duties.begin(), use.duties.end(), [](const Duty& d) {
    return d.action.find("Register") != std::string::npos;
  })) << "the registration is a duty, not silently dropped";
}

TEST(TextGoverns, MitWithWrittenAuthorisationIsNotAllowedCommercially) {
  const auto audit = audit_release_with(
      mit() + "\n\nCommercial use of the Software requires the prior written consent of Acme.\n",
      "license: mit\n");
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNotAllowed);
  EXPECT_TRUE(
      has_reason(*audit.assessment.use, Permission::kNotAllowed, ReasonKind::kCommercialUse));
}

TEST(TextGoverns, ApacheWithRegionalExclusionIsNotAllowedInTheEu) {
  const auto audit = audit_release_with(
      apache() + "\n\nTERRITORY. This License does not apply in the European Union.\n",
      "license: apache-2.0\n");
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNotAllowed);
  EXPECT_TRUE(has_reason(*audit.assessment.use, Permission::kNotAllowed, ReasonKind::kRegion));
  // Outside the EU the same text allows the use.
  DeploymentProfile us = eu_company();
  us.regions = {"US"};
  const auto elsewhere = audit_release_with(
      apache() + "\n\nTERRITORY. This License does not apply in the European Union.\n",
      "license: apache-2.0\n", us);
  EXPECT_FALSE(has_reason(*elsewhere.assessment.use, Permission::kNotAllowed, ReasonKind::kRegion));
}

TEST(TextGoverns, TemplateWithLowerUserCapKeepsItsOwnNumber) {
  std::string text = replaced(llama32(), "Meta Platforms Ireland Limited", "Acme Models Ltd");
  text = replaced(text, "700 million monthly active users", "1 million monthly active users");
  const auto audit = audit_release_with(text, "license: other\nlicense_name: acme-community\n");
  const auto& use = *audit.assessment.use;
  EXPECT_EQ(use.permission, Permission::kNotAllowed) << "2M users is above the text's 1M";
  EXPECT_TRUE(has_reason(use, Permission::kNotAllowed, ReasonKind::kThreshold));
  for (const auto& reason : use.reasons)
    EXPECT_EQ(reason.text.find("700M"), std::string::npos) << "the template's threshold leaked";
}

TEST(TextGoverns, PersonalUseOnlyTemplateIsNotAllowedCommercially) {
  const auto audit = audit_release_with(
      replaced(llama32(),
               "You are granted a non-exclusive, worldwide, non-transferable and royalty-free "
               "limited license",
               "You are granted, for personal use only, a non-exclusive, worldwide, "
               "non-transferable and royalty-free limited license"),
      "license: other\n");
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNotAllowed);
  EXPECT_EQ(audit.assessment.effective_tier, Tier::kNonCommercial);
}

TEST(TextGoverns, ChineseAuthorisationClauseIsRead) {
  const auto audit = audit_release_with(
      llama32() + "\n\n第九条 如您希望将本模型用于商业用途，须事先获得许可方的书面授权。\n",
      "license: other\n");
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNotAllowed);
  EXPECT_TRUE(
      has_reason(*audit.assessment.use, Permission::kNotAllowed, ReasonKind::kCommercialUse));
}

TEST(TextGoverns, LlamaTextOfAKnownVersionIsThatVersion) {
  // Llama 3.3's facts are in the knowledge base but its text is not indexed.
  std::string text = llama32();
  for (size_t at; (at = text.find("3.2")) != std::string::npos;) text.replace(at, 3, "3.3");
  const auto audit = audit_release_with(text, "license: llama3.3\n");
  const Assessment& a = audit.assessment;
  ASSERT_FALSE(a.effective.empty());
  EXPECT_EQ(a.effective.front().id, "LicenseRef-owl-llama-3.3");
  EXPECT_FALSE(has_conflict(a, ConflictKind::kDeclarationsDisagree)) << "the card is right";
  EXPECT_FALSE(has_reason(*a.use, Permission::kNeedsReview, ReasonKind::kRegion))
      << "Llama 3.2's multimodal EU clause is not Llama 3.3's";
  bool recognised = false;
  for (const auto& claim : a.claims)
    recognised |= claim.origin == ClaimOrigin::kLicenseFile &&
                  claim.evidence.quote.find("version words") != std::string::npos;
  EXPECT_TRUE(recognised) << "the report says how the version was recognised";
}

TEST(TextGoverns, LlamaTextOfAnUnknownVersionNeedsReview) {
  std::string text = llama32();
  for (size_t at; (at = text.find("3.2")) != std::string::npos;) text.replace(at, 3, "3.7");
  const auto audit = audit_release_with(text, "license: other\n");
  const Assessment& a = audit.assessment;
  ASSERT_FALSE(a.effective.empty());
  EXPECT_EQ(a.effective.front().id, "LicenseRef-owl-llama-3.7");
  ASSERT_TRUE(a.use);
  EXPECT_EQ(a.use->permission, Permission::kNeedsReview);
  EXPECT_TRUE(has_reason(*a.use, Permission::kNeedsReview, ReasonKind::kOpenQuestion));
  bool named = false;
  for (const auto& claim : a.claims)
    named |= claim.written.find("unknown to owl") != std::string::npos &&
             claim.written.find("nearest known") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(TextGoverns, UnreadAdditionNeedsReview) {
  const auto audit = audit_release_with(
      mit() +
          "\n\nThe Licensee shall, upon the Licensor's first request, hand over every "
          "derivative model, all associated documentation and every training record produced "
          "with the Software, at the Licensee's own expense and within thirty days, to the "
          "Licensor.\n",
      "license: mit\n");
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNeedsReview);
  EXPECT_TRUE(
      has_reason(*audit.assessment.use, Permission::kNeedsReview, ReasonKind::kOpenQuestion));
}

TEST(TextGoverns, AnotherLicensorOnAKnownTextIsAnotherLicence) {
  const auto audit = audit_release_with(
      replaced(llama32(), "Meta Platforms Ireland Limited", "Acme Models Ltd"), "license: other\n");
  ASSERT_TRUE(audit.matches.front().terms.has_value());
  EXPECT_EQ(audit.matches.front().terms->licensor, "Acme Models Ltd");
  ASSERT_FALSE(audit.assessment.effective.empty());
  EXPECT_EQ(audit.assessment.effective.front().id,
            "LicenseRef-owl-modified-LicenseRef-owl-llama-3.2");
  ASSERT_TRUE(audit.assessment.effective.front().facts);
  EXPECT_TRUE(audit.assessment.effective.front().facts->read_from_text);
}

TEST(TextGoverns, ExactKnownTextsKeepTheirKnowledgeBaseFacts) {
  const auto audit = audit_release_with(apache(), "license: apache-2.0\n");
  ASSERT_FALSE(audit.assessment.effective.empty());
  EXPECT_EQ(audit.assessment.effective.front().id, "Apache-2.0");
  EXPECT_EQ(audit.assessment.use->permission, Permission::kAllowedWithDuties);
  EXPECT_FALSE(audit.matches.front().terms.has_value()) << "a known text is not re-read";
}

// A card file ORG_NAME.md is the release ORG/NAME.
ReleaseAudit audit_card_file(const std::string& file_name, const std::string& front_matter) {
  TempDir dir;
  write_file(dir.path() / file_name, "---\n" + front_matter + "---\n# Model\n");
  AuditOptions options;
  options.assess.profile = eu_company();
  auto locations = find_releases((dir.path() / file_name).string(), options.find);
  EXPECT_TRUE(locations && locations->size() == 1);
  return audit_release(locations->front(), options);
}

TEST(Ownership, TheBaseLicensorMayRelicenseItsOwnDerivative) {
  const std::string card = "license: mit\nbase_model: Qwen/Qwen-7B\n";
  const auto own = audit_card_file("Qwen_Qwen-Math-7B.md", card);
  EXPECT_FALSE(has_conflict(own.assessment, ConflictKind::kPermissiveLabelOnRestrictiveBase));
  ASSERT_EQ(own.assessment.effective.size(), 1u);
  EXPECT_EQ(own.assessment.effective.front().id, "MIT");
  ASSERT_FALSE(own.assessment.lineage.empty());
  EXPECT_TRUE(own.assessment.lineage.front().owner_relicenses);
  // The same card from anyone else is bound by the base's licence.
  const auto other = audit_card_file("someone_Qwen-Math-7B.md", card);
  EXPECT_TRUE(has_conflict(other.assessment, ConflictKind::kPermissiveLabelOnRestrictiveBase));
  EXPECT_GT(other.assessment.effective.size(), 1u);
}

TEST(NoLicence, AFineTuneThatStatesNoLicenceNeedsReview) {
  const auto audit =
      audit_card_file("someone_tuned-llama.md", "base_model: meta-llama/Llama-3.1-8B\n");
  const Assessment& a = audit.assessment;
  const auto no_licence =
      std::find_if(a.conflicts.begin(), a.conflicts.end(),
                   [](const Conflict& c) { return c.kind == ConflictKind::kNoLicense; });
  ASSERT_NE(no_licence, a.conflicts.end());
  EXPECT_EQ(no_licence->severity, Severity::kHigh);
  ASSERT_TRUE(a.use);
  EXPECT_GE(a.use->permission, Permission::kNeedsReview);
  EXPECT_TRUE(has_reason(*a.use, Permission::kNeedsReview, ReasonKind::kNoLicence));
}

TEST(NoLicence, AnUnknownLaterVersionOfAFamilyIsNotItsFirstLicence) {
  const auto audit =
      audit_card_file("someone_tuned.md", "license: mit\nbase_model: acme/Llama-3.5-8B\n");
  for (const auto& ancestor : audit.assessment.lineage)
    EXPECT_NE(ancestor.license_id, "LicenseRef-owl-llama-1") << ancestor.name;
  EXPECT_NE(audit.assessment.use->permission, Permission::kNotAllowed)
      << "an MIT release is not made non-commercial by a guessed LLaMA 1 base";
}

// A card file ORG_NAME.md with a body.
ReleaseAudit audit_card_with_body(const std::string& file_name, const std::string& front_matter,
                                  const std::string& body) {
  TempDir dir;
  write_file(dir.path() / file_name, "---\n" + front_matter + "---\n" + body);
  AuditOptions options;
  options.assess.profile = eu_company();
  auto locations = find_releases((dir.path() / file_name).string(), options.find);
  EXPECT_TRUE(locations && locations->size() == 1);
  return audit_release(locations->front(), options);
}

TEST(Strength, AGuessedBaseMayRaiseAReviewButNeverRefuse) {
  // "LLaMA" without a version could be any of five licences; a sentence in
  // the card's prose is not a declaration.
  const auto audit = audit_card_with_body(
      "someone_guess.md", "license: mit\n",
      "# Guess\n\nThis model is a fine-tuned version of LLaMA on our own data.\n");
  const Assessment& a = audit.assessment;
  ASSERT_FALSE(a.lineage.empty());
  EXPECT_EQ(a.lineage.front().strength, Strength::kWeak);
  ASSERT_TRUE(a.use);
  EXPECT_EQ(a.use->permission, Permission::kNeedsReview);
  for (const auto& reason : a.use->reasons)
    if (reason.strength == Strength::kWeak) EXPECT_NE(reason.effect, Permission::kNotAllowed);
  EXPECT_FALSE(has_conflict(a, ConflictKind::kNonCommercialUse));
}

TEST(Strength, ADeclaredBaseDecides) {
  const auto audit = audit_card_file("someone_tuned-cmdr.md",
                                     "license: mit\nbase_model: CohereForAI/c4ai-command-r-v01\n");
  const Assessment& a = audit.assessment;
  ASSERT_FALSE(a.lineage.empty());
  EXPECT_EQ(a.lineage.front().strength, Strength::kStrong);
  EXPECT_EQ(a.use->permission, Permission::kNotAllowed) << "CC-BY-NC base, commercial profile";
  EXPECT_TRUE(has_reason(*a.use, Permission::kNotAllowed, ReasonKind::kCommercialUse));
}

TEST(Strength, TermsAProseLineStatesAndADeclaredBaseCarriesAreStrong) {
  TempDir dir;
  write_file(dir.path() / "someone_tuned-l3.md",
             "---\nbase_model: meta-llama/Meta-Llama-3-8B\n---\n# Tuned\n\nLicense: llama3\n");
  AuditOptions options;
  options.assess.profile = eu_company();
  options.assess.profile->monthly_active_users = 800'000'000;
  auto locations = find_releases((dir.path() / "someone_tuned-l3.md").string(), options.find);
  ASSERT_TRUE(locations && locations->size() == 1);
  const auto audit = audit_release(locations->front(), options);
  const Assessment& a = audit.assessment;
  ASSERT_FALSE(a.effective.empty());
  EXPECT_EQ(a.effective.front().id, "LicenseRef-owl-llama-3");
  EXPECT_EQ(a.effective.front().strength, Strength::kStrong);
  EXPECT_EQ(a.use->permission, Permission::kNotAllowed) << "800M users is above Llama 3's 700M";
}

}  // namespace
}  // namespace owl
