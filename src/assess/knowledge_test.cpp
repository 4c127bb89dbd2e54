// The builtin knowledge base: loads cleanly, covers every licence id the
// identification engine knows, and states the facts the assessment relies on.
#include "owl/knowledge.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "owl/identify.h"
#include "owl/name_lexicon.h"
#include "test_support.h"

namespace owl {
namespace {

const KnowledgeBase& kb() { return KnowledgeBase::builtin(); }

const LicenseFacts& entry(std::string_view id) {
  const LicenseFacts* facts = kb().find(id);
  if (facts == nullptr) throw std::runtime_error("no entry " + std::string(id));
  return *facts;
}

bool mentions(const std::vector<Fact>& facts, std::string_view words) {
  for (const auto& fact : facts)
    if (fact.text.find(words) != std::string::npos) return true;
  return false;
}

std::vector<std::string> tsv_ids() {
  std::ifstream in(testing::source_dir() / "data/licenses/owl_licenses.tsv");
  std::vector<std::string> ids;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("id\t", 0) == 0) continue;
    ids.push_back(line.substr(0, line.find('\t')));
  }
  return ids;
}

TEST(KnowledgeBase, BuiltinLoadsWithZeroErrors) {
  for (const auto& error : kb().errors()) ADD_FAILURE() << error.message();
  EXPECT_EQ(kb().errors().size(), 0u);
  EXPECT_GE(kb().entries().size(), 124u);
}

// A family rule no name can reach is dead knowledge: every family the
// rules know must be produced by some name key of model-names.yaml.
TEST(KnowledgeBase, EveryFamilyWithRulesIsNamedByAKey) {
  const auto& names = NameLexicon::builtin();
  for (const auto& rule : KnowledgeBase::builtin().families())
    EXPECT_TRUE(names.names_family(rule.family))
        << "families.yaml has rules for '" << rule.family
        << "', which no key in data/lexicon/model-names.yaml names";
}

TEST(KnowledgeBase, EveryModelLicenceIdInTheIndexHasAnEntry) {
  const auto ids = tsv_ids();
  ASSERT_GE(ids.size(), 69u);
  for (const auto& id : ids) EXPECT_NE(kb().find(id), nullptr) << id;
}

// `owl explain` takes Hub ids; C-UDA-1.0 is the one Hub licence owl has no
// facts for yet.
TEST(KnowledgeBase, EveryHubLicenceIdResolves) {
  size_t resolved = 0;
  for (const auto& hub : hub_licenses()) {
    if (hub.owl_id.empty() || hub.owl_id == "C-UDA-1.0") continue;
    EXPECT_NE(kb().find(hub.owl_id), nullptr) << hub.hub_id << " -> " << hub.owl_id;
    ++resolved;
  }
  EXPECT_GE(resolved, 79u);  // every Hub id with an owl id today
}

TEST(KnowledgeBase, EveryEntryHasASourceAndEveryFactASection) {
  for (const auto& facts : kb().entries()) {
    EXPECT_FALSE(facts.source.url.empty() && facts.source.corpus.empty()) << facts.id;
    EXPECT_FALSE(facts.commercial_use.section.empty()) << facts.id;
    for (const auto* list : {&facts.attribution, &facts.naming, &facts.outputs, &facts.revocation})
      for (const auto& fact : *list) EXPECT_FALSE(fact.section.empty()) << facts.id;
  }
}

TEST(KnowledgeBase, CorpusPathsExist) {
  for (const auto& facts : kb().entries()) {
    if (facts.source.corpus.empty()) continue;
    EXPECT_TRUE(std::filesystem::exists(testing::corpus("licenses/" + facts.source.corpus)))
        << facts.id << ": " << facts.source.corpus;
  }
}

TEST(KnowledgeBase, Llama31ThresholdBuiltWithLlamaAndNamePrefix) {
  const auto& llama = entry("LicenseRef-owl-llama-3.1");
  ASSERT_EQ(llama.thresholds.size(), 1u);
  EXPECT_EQ(llama.thresholds[0].metric, "monthly_active_users");
  EXPECT_EQ(llama.thresholds[0].value, 700000000);
  EXPECT_EQ(llama.thresholds[0].section, "§2");
  EXPECT_TRUE(mentions(llama.attribution, "“Built with Llama”"));
  EXPECT_TRUE(mentions(llama.naming, "“Llama” at the beginning"));
  EXPECT_EQ(llama.use_restrictions.policy, "LicenseRef-owl-llama-aup-3.1");
  EXPECT_TRUE(llama.use_restrictions.flows_down);
  EXPECT_EQ(llama.governing_law.section, "§7");
  EXPECT_TRUE(llama.regions.empty());
}

TEST(KnowledgeBase, Llama2ForbidsImprovingOtherModelsButLlama31DoesNot) {
  EXPECT_TRUE(
      mentions(entry("LicenseRef-owl-llama-2").outputs, "may not use Llama 2 or its outputs"));
  EXPECT_TRUE(mentions(entry("LicenseRef-owl-llama-3").outputs, "may not use"));
  EXPECT_FALSE(mentions(entry("LicenseRef-owl-llama-3.1").outputs, "may not"));
}

TEST(KnowledgeBase, Llama32AndLlama4MultimodalExcludeTheEu) {
  for (const char* id : {"LicenseRef-owl-llama-3.2", "LicenseRef-owl-llama-4"}) {
    const auto& llama = entry(id);
    ASSERT_EQ(llama.regions.size(), 1u) << id;
    EXPECT_EQ(llama.regions[0].excluded, std::vector<std::string>{"EU"});
    EXPECT_NE(llama.regions[0].scope.find("multimodal"), std::string::npos);
  }
  // Llama 3.2 shipped text-only models too; every Llama 4 model is multimodal.
  EXPECT_TRUE(entry("LicenseRef-owl-llama-3.2").regions[0].only_multimodal);
  EXPECT_TRUE(entry("LicenseRef-owl-llama-aup-3.2").regions[0].only_multimodal);
  EXPECT_FALSE(entry("LicenseRef-owl-llama-4").regions[0].only_multimodal);
  // Llama 3.3 was published text-only: its AUP's multimodal paragraph is noted, not a carve-out.
  EXPECT_TRUE(entry("LicenseRef-owl-llama-3.3").regions.empty());
  EXPECT_TRUE(entry("LicenseRef-owl-llama-aup-3.3").regions.empty());
}

TEST(KnowledgeBase, ModifiedMitDisplayDutiesOf2025And2026) {
  const auto& minimax = entry("LicenseRef-owl-minimax-m2");
  EXPECT_EQ(minimax.tier, Tier::kOpenPermissive);
  ASSERT_EQ(minimax.thresholds.size(), 2u);
  EXPECT_EQ(minimax.thresholds[0].value, 100'000'000);
  EXPECT_EQ(minimax.thresholds[1].metric, "annual_revenue_usd");
  EXPECT_EQ(minimax.thresholds[1].value, 30'000'000);
  EXPECT_EQ(minimax.thresholds[1].effect, "duty");
  const auto& kimi = entry("LicenseRef-owl-kimi-k2.5");
  ASSERT_EQ(kimi.thresholds.size(), 2u);
  EXPECT_EQ(kimi.thresholds[1].metric, "monthly_revenue_usd");
  EXPECT_EQ(kimi.thresholds[1].value, 20'000'000);
  EXPECT_NE(kimi.thresholds[0].consequence.find("Kimi K2.5"), std::string::npos);
}

TEST(KnowledgeBase, FluxDevV2AndHunyuanVersions) {
  const auto& flux = entry("LicenseRef-owl-flux-dev-nc-2.0");
  EXPECT_EQ(flux.tier, Tier::kNonCommercial);
  EXPECT_TRUE(std::any_of(flux.outputs.begin(), flux.outputs.end(),
                          [](const auto& fact) { return fact.bans_training; }));
  const auto& dit = entry("LicenseRef-owl-tencent-hunyuan-community-2024-05-14");
  ASSERT_EQ(dit.regions.size(), 1u);
  EXPECT_EQ(dit.regions[0].excluded, std::vector<std::string>{"EU"});
  const auto& a13b = entry("LicenseRef-owl-tencent-hunyuan-community-2025-06-27");
  ASSERT_EQ(a13b.regions.size(), 1u);
  EXPECT_EQ(a13b.regions[0].excluded, (std::vector<std::string>{"EU", "GB", "KR"}));
}

TEST(KnowledgeBase, KimiDisplayDutyThresholds) {
  const auto& kimi = entry("LicenseRef-owl-kimi-k2");
  ASSERT_EQ(kimi.thresholds.size(), 2u);
  EXPECT_EQ(kimi.thresholds[0].metric, "monthly_active_users");
  EXPECT_EQ(kimi.thresholds[0].value, 100000000);
  EXPECT_EQ(kimi.thresholds[1].metric, "monthly_revenue_usd");
  EXPECT_EQ(kimi.thresholds[1].value, 20000000);
  EXPECT_NE(kimi.thresholds[0].consequence.find("“Kimi K2”"), std::string::npos);
  EXPECT_EQ(kimi.tier, Tier::kOpenPermissive);
}

TEST(KnowledgeBase, QwenAndTongyiRequestALicenceAbove100MillionUsers) {
  for (const char* id :
       {"LicenseRef-owl-tongyi-qianwen-2023-08-03", "LicenseRef-owl-qwen-2024-09-19"}) {
    const auto& qwen = entry(id);
    ASSERT_EQ(qwen.thresholds.size(), 1u) << id;
    EXPECT_EQ(qwen.thresholds[0].value, 100000000);
    EXPECT_EQ(qwen.thresholds[0].section, "§4");
  }
}

TEST(KnowledgeBase, GemmaCanBeRestrictedRemotely) {
  const auto& gemma = entry("LicenseRef-owl-gemma-2025-03-24");
  EXPECT_TRUE(mentions(gemma.revocation, "restrict (remotely or otherwise)"));
  EXPECT_EQ(gemma.use_restrictions.policy, "LicenseRef-owl-gemma-pup-2024-02-21");
  EXPECT_TRUE(gemma.use_restrictions.flows_down);
  EXPECT_EQ(gemma.tier, Tier::kSourceAvailableRevocable);
}

TEST(KnowledgeBase, HunyuanIsNotLicensedInTheEu) {
  const auto& hunyuan = entry("LicenseRef-owl-tencent-hunyuan-community-2024-11-05");
  ASSERT_EQ(hunyuan.regions.size(), 1u);
  EXPECT_EQ(hunyuan.regions[0].excluded, std::vector<std::string>{"EU"});
}

TEST(KnowledgeBase, FluxDevIsNonCommercial) {
  const auto& flux = entry("LicenseRef-owl-flux1-dev-nc-1.1.1");
  EXPECT_EQ(flux.tier, Tier::kNonCommercial);
  EXPECT_EQ(flux.commercial_use.value, "no");
  EXPECT_EQ(entry("LicenseRef-owl-flux1-dev-nc-2024-08").commercial_use.value, "no");
}

TEST(KnowledgeBase, ApacheHasAPatentGrantThatEndsOnLitigation) {
  const auto& apache = entry("apache-2.0");  // case-insensitive
  EXPECT_EQ(apache.id, "Apache-2.0");
  EXPECT_EQ(apache.patent_grant.value, "with-termination");
  EXPECT_EQ(apache.patent_grant.section, "§3");
  EXPECT_EQ(apache.tier, Tier::kOpenPermissive);
}

TEST(KnowledgeBase, CreativeCommonsNonCommercialVariants) {
  for (const char* id : {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"}) {
    EXPECT_EQ(entry(id).tier, Tier::kNonCommercial) << id;
    EXPECT_EQ(entry(id).commercial_use.value, "no") << id;
  }
  EXPECT_EQ(entry("CC-BY-4.0").commercial_use.value, "yes");
}

TEST(KnowledgeBase, OpenRailUseRestrictionsFlowDown) {
  for (const char* id :
       {"CreativeML-OpenRAIL-M", "BigScience-OpenRAIL-M", "BigScience-BLOOM-RAIL-1.0",
        "LicenseRef-owl-openrail++-m-2023-07-26", "LicenseRef-owl-deepseek-1.0"}) {
    const auto& rail = entry(id);
    EXPECT_EQ(rail.tier, Tier::kOpenWithUseRestrictions) << id;
    EXPECT_TRUE(rail.use_restrictions.present) << id;
    EXPECT_TRUE(rail.use_restrictions.flows_down) << id;
  }
  EXPECT_EQ(entry("CreativeML-OpenRAIL-M").id, "LicenseRef-owl-creativeml-openrail-m-2022-08-22");
}

TEST(KnowledgeBase, OrLaterFormsResolveToTheOnlyEntry) {
  EXPECT_EQ(entry("GPL-2.0+").id, "GPL-2.0-only");
  EXPECT_EQ(entry("gpl-3.0-or-later").id, "GPL-3.0-only");
  EXPECT_EQ(entry("GPL-3.0").id, "GPL-3.0-only");
  EXPECT_EQ(entry("AGPL-3.0-or-later").copyleft.value, "network");
  EXPECT_EQ(kb().find("GPL-9.0+"), nullptr);
  EXPECT_EQ(entry("kimi-k2").id, "LicenseRef-owl-kimi-k2");  // owl's short form
}

TEST(KnowledgeBase, ClosestIdsSuggestTheShortForm) {
  const auto close = kb().closest_ids("llama-3.1", 2);
  ASSERT_FALSE(close.empty());
  EXPECT_EQ(close[0], "LicenseRef-owl-llama-3.1");
}

using Files = std::vector<std::pair<std::string, std::string>>;

TEST(KnowledgeBaseValidation, UnknownTierNamesFileEntryAndField) {
  const Files files = {{"bad.yaml",
                        "entries:\n  - id: X\n    name: X\n    family: x\n    version: '1'\n"
                        "    tier: mostly-open\n    summary: s\n    source: {url: u}\n"
                        "    commercial_use: {value: 'yes', section: s}\n"}};
  const KnowledgeBase base = KnowledgeBase::parse(files);
  ASSERT_EQ(base.errors().size(), 1u);
  EXPECT_EQ(base.errors()[0].rule(), "knowledge.unknown-tier");
  EXPECT_EQ(base.errors()[0].file(), "bad.yaml");
  EXPECT_NE(base.errors()[0].detail().find("entry 'X': field 'tier'"), std::string::npos);
  EXPECT_NE(base.errors()[0].detail().find("mostly-open"), std::string::npos);
  EXPECT_TRUE(base.entries().empty());
}

TEST(KnowledgeBaseValidation, MissingSourceAndUnknownFieldAreErrors) {
  const Files files = {{"bad.yaml",
                        "entries:\n  - id: Y\n    name: Y\n    family: y\n    version: '1'\n"
                        "    tier: open-permissive\n    summary: s\n    colour: blue\n"
                        "    commercial_use: {value: 'yes', section: s, when: now}\n"}};
  const KnowledgeBase base = KnowledgeBase::parse(files);
  std::vector<std::string> rules;
  for (const auto& error : base.errors()) rules.push_back(error.rule() + " " + error.detail());
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_NE(rules[0].find("knowledge.unknown-field entry 'Y': field 'colour'"), std::string::npos);
  EXPECT_NE(rules[1].find("knowledge.missing-source"), std::string::npos);
  EXPECT_NE(rules[2].find("field 'commercial_use.when'"), std::string::npos);
}

TEST(KnowledgeBaseValidation, UnknownExcludedRegionIsAnError) {
  const Files files = {{"regions.yaml",
                        "entries:\n  - id: Z\n    name: Z\n    family: z\n    version: '1'\n"
                        "    tier: open-permissive\n    summary: s\n    source: {url: u}\n"
                        "    commercial_use: {value: 'yes', section: s}\n"
                        "    regions:\n      - {excluded: [eu, Europe], scope: s, section: s}\n"}};
  const KnowledgeBase base = KnowledgeBase::parse(files);
  ASSERT_EQ(base.errors().size(), 1u);
  EXPECT_EQ(base.errors()[0].rule(), "knowledge.unknown-value");
  EXPECT_NE(base.errors()[0].detail().find("field 'regions[0].excluded'"), std::string::npos);
  EXPECT_NE(base.errors()[0].detail().find("\"Europe\""), std::string::npos);
}

TEST(KnowledgeBaseValidation, UnknownRegionModelsValueIsAnError) {
  const Files files = {
      {"regions.yaml",
       "entries:\n  - id: Z\n    name: Z\n    family: z\n    version: '1'\n"
       "    tier: open-permissive\n    summary: s\n    source: {url: u}\n"
       "    commercial_use: {value: 'yes', section: s}\n"
       "    regions:\n      - {excluded: [EU], scope: s, section: s, models: vision}\n"}};
  const KnowledgeBase base = KnowledgeBase::parse(files);
  ASSERT_EQ(base.errors().size(), 1u);
  EXPECT_EQ(base.errors()[0].rule(), "knowledge.unknown-value");
  EXPECT_NE(base.errors()[0].detail().find("regions[0].models"), std::string::npos);
}

TEST(KnowledgeBaseValidation, ExcludedRegionsAreCanonicalCodes) {
  const Files files = {{"regions.yaml",
                        "entries:\n  - id: Z\n    name: Z\n    family: z\n    version: '1'\n"
                        "    tier: open-permissive\n    summary: s\n    source: {url: u}\n"
                        "    commercial_use: {value: 'yes', section: s}\n"
                        "    regions:\n      - {excluded: [eu, kr, UK], scope: s, section: s}\n"}};
  const KnowledgeBase base = KnowledgeBase::parse(files);
  ASSERT_TRUE(base.errors().empty()) << base.errors()[0].message();
  ASSERT_EQ(base.entries().size(), 1u);
  EXPECT_EQ(base.entries()[0].regions[0].excluded, (std::vector<std::string>{"EU", "KR", "GB"}));
}

TEST(KnowledgeBaseValidation, YamlSyntaxErrorNamesTheLine) {
  const Files files = {{"broken.yaml", "entries:\n  - id: [unclosed\n"}};
  const KnowledgeBase base = KnowledgeBase::parse(files);
  ASSERT_EQ(base.errors().size(), 1u);
  EXPECT_EQ(base.errors()[0].rule(), "knowledge.yaml-syntax");
}

}  // namespace
}  // namespace owl
