// Knowledge for 2025–2026 releases (issue #15 part 6), through the path users
// hit: a release folder with a card (a Hub `license_name`, or a `base_model:`
// of a family) and sometimes a LICENSE from the shared corpus, audited under
// a deployment profile. Each test fails if the fact it pins is lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "owl/audit.h"
#include "owl/identify.h"
#include "owl/knowledge.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::corpus;
using testing::TempDir;
using testing::write_file;

class Release {
 public:
  explicit Release(const std::string& name) : root_(dir_.path() / name) {
    fs::create_directories(root_);
  }
  Release& card(const std::string& front_matter) {
    write_file(root_ / "README.md", "---\n" + front_matter + "---\n# Model\n");
    return *this;
  }
  Release& license(const std::string& corpus_path, const std::string& as = "LICENSE") {
    fs::copy_file(corpus("licenses/" + corpus_path), root_ / as);
    return *this;
  }
  Assessment assess(std::optional<DeploymentProfile> profile = std::nullopt) const {
    AuditOptions options;
    options.assess.profile = std::move(profile);
    auto locations = find_releases(root_.string(), options.find);
    EXPECT_TRUE(locations.has_value());
    EXPECT_EQ(locations->size(), 1u);
    return audit_release(locations->front(), options).assessment;
  }

 private:
  TempDir dir_;
  fs::path root_;
};

bool effective_has(const Assessment& a, const std::string& id) {
  return std::any_of(a.effective.begin(), a.effective.end(),
                     [&](const Terms& t) { return t.id == id; });
}

bool has_duty(const Assessment& a, const std::string& words) {
  return a.use && std::any_of(a.use->duties.begin(), a.use->duties.end(), [&](const Duty& d) {
           return d.action.find(words) != std::string::npos;
         });
}

bool has_conflict(const Assessment& a, ConflictKind kind) {
  return std::any_of(a.conflicts.begin(), a.conflicts.end(),
                     [&](const Conflict& c) { return c.kind == kind; });
}

std::string effective_ids(const Assessment& a) {
  std::string out;
  for (const auto& t : a.effective) out += t.id + " ";
  return out;
}

DeploymentProfile commercial(uint64_t users = 1'000'000) {
  DeploymentProfile profile;
  profile.commercial = true;
  profile.monthly_active_users = users;
  profile.redistribute_weights = true;
  profile.fine_tune = true;
  return profile;
}

DeploymentProfile in_region(const std::string& region) {
  DeploymentProfile profile;
  profile.regions = {region};
  return profile;
}

Permission permission(const Assessment& a) {
  EXPECT_TRUE(a.use.has_value());
  return a.use ? a.use->permission : Permission::kNeedsReview;
}

// --- Hub `license_name` values under "license: other" --------------------

TEST(Knowledge2025, MistralLicenseNamesAreNonCommercial) {
  Release codestral("Codestral-22B-v0.1");
  codestral.card("license: other\nlicense_name: mnpl\n");
  const auto mnpl = codestral.assess(commercial());
  EXPECT_TRUE(effective_has(mnpl, "LicenseRef-owl-mistral-mnpl-0.1")) << effective_ids(mnpl);
  EXPECT_EQ(mnpl.effective_tier, Tier::kNonCommercial);
  EXPECT_EQ(permission(mnpl), Permission::kNotAllowed);

  Release large("Mistral-Large-Instruct-2407");
  large.card("license: other\nlicense_name: mrl\n");
  const auto mrl = large.assess(commercial());
  EXPECT_TRUE(effective_has(mrl, "LicenseRef-owl-mistral-mrl-0.1")) << effective_ids(mrl);
  EXPECT_EQ(permission(mrl), Permission::kNotAllowed);
}

TEST(Knowledge2025, StabilityAndNvidiaAndMicrosoftLicenseNames) {
  Release sd35("stable-diffusion-3.5-large");
  sd35.card("license: other\nlicense_name: stabilityai-ai-community\n");
  DeploymentProfile big = commercial();
  big.annual_revenue_usd = 5'000'000;
  const auto stability = sd35.assess(big);
  EXPECT_TRUE(effective_has(stability, "LicenseRef-owl-stability-community-2024-07-05"))
      << effective_ids(stability);
  EXPECT_EQ(permission(stability), Permission::kNotAllowed) << "above US$1M annual revenue";

  Release turbo("sdxl-turbo");
  turbo.card("license: other\nlicense_name: sai-nc-community\n");
  const auto nc = turbo.assess(commercial());
  EXPECT_TRUE(effective_has(nc, "LicenseRef-owl-stability-ncrcl-2023-11-28")) << effective_ids(nc);
  EXPECT_EQ(permission(nc), Permission::kNotAllowed);

  Release nemotron("Nemotron-4-340B-Instruct");
  nemotron.card("license: other\nlicense_name: nvidia-open-model-license\n");
  const auto nvidia = nemotron.assess(commercial());
  EXPECT_TRUE(effective_has(nvidia, "LicenseRef-owl-nvidia-open-model-2025-10-24"))
      << effective_ids(nvidia);
  EXPECT_NE(permission(nvidia), Permission::kNotAllowed);

  Release rad("rad-dino");
  rad.card("license: other\nlicense_name: msrla\n");
  const auto msr = rad.assess(commercial());
  EXPECT_TRUE(effective_has(msr, "LicenseRef-owl-microsoft-research-license"))
      << effective_ids(msr);
  EXPECT_EQ(permission(msr), Permission::kNotAllowed);
}

// --- Meta Llama 3.3 and 4 -------------------------------------------------

TEST(Knowledge2025, Llama33HasTheThresholdAndNoEuCarveOut) {
  Release llama("Llama-3.3-70B-Instruct");
  llama.card("license: llama3.3\n");
  const auto small = llama.assess(commercial(2'000'000));
  EXPECT_TRUE(effective_has(small, "LicenseRef-owl-llama-3.3"));
  EXPECT_EQ(permission(small), Permission::kAllowedWithDuties);
  EXPECT_TRUE(has_duty(small, "Built with Llama"));
  const auto big = llama.assess(commercial(800'000'000));
  EXPECT_EQ(permission(big), Permission::kNotAllowed);
  // Llama 3.3 is a text-only model: its AUP's multimodal paragraph binds nothing.
  const auto eu = llama.assess(in_region("DE"));
  for (const auto& reason : eu.use->reasons)
    EXPECT_NE(reason.kind, ReasonKind::kRegion) << reason.text;
  const auto* facts = KnowledgeBase::builtin().find("LicenseRef-owl-llama-3.3");
  ASSERT_NE(facts, nullptr);
  EXPECT_TRUE(facts->verified) << "checked against Meta's text";
  EXPECT_EQ(facts->use_restrictions.policy, "LicenseRef-owl-llama-aup-3.3");
  ASSERT_NE(KnowledgeBase::builtin().find("LicenseRef-owl-llama-aup-3.3"), nullptr);
}

TEST(Knowledge2025, EveryLlama4ModelIsMultimodalSoTheEuIsExcluded) {
  Release scout("Llama-4-Scout-17B-16E-Instruct");
  scout.card("license: llama4\n").license("llama-4/LICENSE");
  EXPECT_EQ(permission(scout.assess(in_region("FR"))), Permission::kNotAllowed);
  EXPECT_NE(permission(scout.assess(in_region("US"))), Permission::kNotAllowed);
  // Llama 3.2 keeps its carve-out to the multimodal models only.
  Release text("Llama-3.2-3B-Instruct");
  text.card("license: llama3.2\n").license("llama-3.2/LICENSE");
  EXPECT_EQ(permission(text.assess(in_region("FR"))), Permission::kNeedsReview);
}

// --- Families named as a base ---------------------------------------------

TEST(Knowledge2025, Gemma4IsApacheButGemma3KeepsTheGemmaTerms) {
  Release four("my-gemma-4-tune");
  four.card("license: apache-2.0\nbase_model: google/gemma-4-31B-it\n");
  const auto a = four.assess(commercial());
  EXPECT_TRUE(effective_has(a, "Apache-2.0")) << effective_ids(a);
  EXPECT_FALSE(effective_has(a, "LicenseRef-owl-gemma-2025-03-24"));
  EXPECT_EQ(a.effective_tier, Tier::kOpenPermissive);
  EXPECT_FALSE(has_conflict(a, ConflictKind::kPermissiveLabelOnRestrictiveBase));

  Release three("my-gemma-3-tune");
  three.card("license: apache-2.0\nbase_model: google/gemma-3-27b-it\n");
  const auto b = three.assess();
  EXPECT_TRUE(effective_has(b, "LicenseRef-owl-gemma-2025-03-24")) << effective_ids(b);
  EXPECT_TRUE(has_conflict(b, ConflictKind::kPermissiveLabelOnRestrictiveBase));
}

TEST(Knowledge2025, KimiK25BaseAndText) {
  // A derivative names Kimi K2.5 as its base: the base carries the K2.5 terms.
  Release tune("my-agent-tune");
  tune.card("license: mit\nbase_model: moonshotai/Kimi-K2.5\n");
  const auto a = tune.assess();
  ASSERT_FALSE(a.lineage.empty());
  EXPECT_EQ(a.lineage[0].license_id, "LicenseRef-owl-kimi-k2.5");
  ASSERT_NE(a.lineage[0].facts, nullptr);
  EXPECT_EQ(a.lineage[0].facts->thresholds.size(), 2u);
  // Kimi K2 itself keeps the K2 text.
  Release k2("my-k2-tune");
  k2.card("license: mit\nbase_model: moonshotai/Kimi-K2-Instruct\n");
  const auto b = k2.assess();
  ASSERT_FALSE(b.lineage.empty());
  EXPECT_EQ(b.lineage[0].license_id, "LicenseRef-owl-kimi-k2");
}

TEST(Knowledge2025, MiniMaxM1IsApacheAndM2IsAModifiedMit) {
  Release m1("MiniMax-M1-80k-tune");
  m1.card("license: apache-2.0\nbase_model: MiniMaxAI/MiniMax-M1-80k\n");
  const auto a = m1.assess(commercial());
  EXPECT_TRUE(effective_has(a, "Apache-2.0")) << effective_ids(a);
  EXPECT_FALSE(effective_has(a, "LicenseRef-owl-minimax-model-2025-01-15"));

  Release m2("MiniMax-M2");
  m2.card("license: mit\n").license("minimax-m2/LICENSE");
  const auto b = m2.assess(commercial(150'000'000));
  EXPECT_TRUE(effective_has(b, "LicenseRef-owl-minimax-m2")) << effective_ids(b);
  EXPECT_TRUE(has_conflict(b, ConflictKind::kModifiedPresentedAsPlain));
  EXPECT_TRUE(has_duty(b, "MiniMax M2"));
  DeploymentProfile revenue = commercial(1'000);
  revenue.annual_revenue_usd = 40'000'000;
  EXPECT_TRUE(has_duty(m2.assess(revenue), "MiniMax M2")) << "above US$30M annual revenue";

  Release text01("MiniMax-Text-01-tune");
  text01.card("license: mit\nbase_model: MiniMaxAI/MiniMax-Text-01\n");
  EXPECT_TRUE(effective_has(text01.assess(), "LicenseRef-owl-minimax-model-2025-01-15"));
}

TEST(Knowledge2025, MiniMaxM2TextIdentifiesAsItsOwnLicence) {
  const auto text = testing::read_file(corpus("licenses/minimax-m2/LICENSE"));
  const auto found = LicenseIndex::builtin().identify(text);
  EXPECT_EQ(found.id, "LicenseRef-owl-minimax-m2");
  EXPECT_EQ(found.modified_from, "MIT");
}

TEST(Knowledge2025, Flux2DevIsNonCommercialButKlein4BIsApache) {
  Release dev("flux2-dev-lora");
  dev.card("license: apache-2.0\nbase_model: black-forest-labs/FLUX.2-dev\n");
  const auto a = dev.assess(commercial());
  EXPECT_TRUE(effective_has(a, "LicenseRef-owl-flux-dev-nc-2.0")) << effective_ids(a);
  EXPECT_EQ(a.effective_tier, Tier::kNonCommercial);
  EXPECT_EQ(permission(a), Permission::kNotAllowed);

  Release klein("klein-lora");
  klein.card("license: apache-2.0\nbase_model: black-forest-labs/FLUX.2-klein-4B\n");
  const auto b = klein.assess(commercial());
  EXPECT_TRUE(effective_has(b, "Apache-2.0")) << effective_ids(b);
  EXPECT_FALSE(effective_has(b, "LicenseRef-owl-flux-dev-nc-2.0"));

  Release klein9("klein9-lora");
  klein9.card("license: apache-2.0\nbase_model: black-forest-labs/FLUX.2-klein-9B\n");
  EXPECT_TRUE(effective_has(klein9.assess(), "LicenseRef-owl-flux-dev-nc-2.0"));
}

TEST(Knowledge2025, HunyuanVersionsExcludeTheirOwnTerritories) {
  Release a13b("hunyuan-a13b-tune");
  a13b.card("license: apache-2.0\nbase_model: tencent/Hunyuan-A13B-Instruct\n");
  EXPECT_TRUE(effective_has(a13b.assess(), "LicenseRef-owl-tencent-hunyuan-community-2025-06-27"));
  EXPECT_EQ(permission(a13b.assess(in_region("GB"))), Permission::kNotAllowed);
  EXPECT_EQ(permission(a13b.assess(in_region("KR"))), Permission::kNotAllowed);
  EXPECT_EQ(permission(a13b.assess(in_region("IT"))), Permission::kNotAllowed);
  EXPECT_NE(permission(a13b.assess(in_region("US"))), Permission::kNotAllowed);

  Release dit("hunyuandit-lora");
  dit.card("license: apache-2.0\nbase_model: Tencent-Hunyuan/HunyuanDiT\n");
  EXPECT_TRUE(effective_has(dit.assess(), "LicenseRef-owl-tencent-hunyuan-community-2024-05-14"));
  EXPECT_EQ(permission(dit.assess(in_region("DE"))), Permission::kNotAllowed);
  EXPECT_NE(permission(dit.assess(in_region("GB"))), Permission::kNotAllowed)
      << "the 2024 texts exclude only the EU";
}

TEST(Knowledge2025, Glm45WeightsAreMitAndLaterGlmIsUnknown) {
  Release glm("glm-4.5-air-tune");
  glm.card("license: mit\nbase_model: zai-org/GLM-4.5-Air\n");
  const auto a = glm.assess(commercial());
  EXPECT_TRUE(effective_has(a, "MIT")) << effective_ids(a);
  EXPECT_FALSE(effective_has(a, "LicenseRef-owl-chatglm3-6b-2024-05"));
  EXPECT_EQ(a.effective_tier, Tier::kOpenPermissive);
}

// --- Licences that were already known, pinned through the same path -------

TEST(Knowledge2025, OpenMdwGptOssAppleCohereXaiDeepSeek) {
  for (const auto& [hub_id, text, id] :
       {std::tuple{"openmdw-1.0", "openmdw-1.0/LICENSE.openmdw", "OpenMDW-1.0"},
        std::tuple{"openmdw-1.1", "openmdw-1.1-nvidia-cosmos/LICENSE",
                   "LicenseRef-owl-openmdw-1.1"}}) {
    Release release(std::string("mdw-") + hub_id);
    release.card(std::string("license: ") + hub_id + "\n").license(text);
    const auto a = release.assess(commercial());
    EXPECT_TRUE(effective_has(a, id)) << effective_ids(a);
    EXPECT_EQ(a.effective_tier, Tier::kOpenPermissive);
    EXPECT_NE(permission(a), Permission::kNotAllowed);
  }

  // gpt-oss: Apache-2.0 weights; its usage policy is identified and binds only to the law.
  Release oss("gpt-oss-120b");
  oss.card("license: apache-2.0\n")
      .license("gpt-oss/LICENSE")
      .license("gpt-oss/USAGE_POLICY", "USAGE_POLICY");
  const auto g = oss.assess(commercial());
  EXPECT_EQ(g.effective_tier, Tier::kOpenPermissive);
  EXPECT_EQ(permission(g), Permission::kAllowedWithDuties);
  Release oss_tune("gpt-oss-tune");
  oss_tune.card("license: apache-2.0\nbase_model: openai/gpt-oss-20b\n");
  EXPECT_FALSE(has_conflict(oss_tune.assess(), ConflictKind::kPermissiveLabelOnRestrictiveBase));

  Release fastvlm("FastVLM-7B");
  fastvlm.card("license: apple-amlr\n").license("apple-fastvlm/LICENSE_MODEL", "LICENSE_MODEL");
  const auto apple = fastvlm.assess(commercial());
  EXPECT_TRUE(effective_has(apple, "LicenseRef-owl-apple-amlr")) << effective_ids(apple);
  EXPECT_EQ(permission(apple), Permission::kNotAllowed);

  Release command("command-r-tune");
  command.card("license: apache-2.0\nbase_model: CohereLabs/c4ai-command-r-v01\n");
  const auto cohere = command.assess(commercial());
  EXPECT_TRUE(effective_has(cohere, "CC-BY-NC-4.0")) << effective_ids(cohere);
  EXPECT_EQ(permission(cohere), Permission::kNotAllowed);

  Release grok("grok-2");
  grok.card("license: other\nlicense_name: grok2-community\n")
      .license("grok-2/Grok-2-Community-License-Agreement-20251104");
  DeploymentProfile distil;
  distil.train_on_outputs = true;
  const auto xai = grok.assess(distil);
  EXPECT_TRUE(effective_has(xai, "LicenseRef-owl-xai-community-2025-11-04")) << effective_ids(xai);
  EXPECT_EQ(permission(xai), Permission::kNotAllowed) << "no training other models on outputs";

  Release v3("deepseek-v3-tune");
  v3.card("license: mit\nbase_model: deepseek-ai/DeepSeek-V3\n");
  EXPECT_TRUE(effective_has(v3.assess(), "LicenseRef-owl-deepseek-1.0"));
  Release r1("deepseek-r1-tune");
  r1.card("license: mit\nbase_model: deepseek-ai/DeepSeek-R1\n");
  const auto mit = r1.assess();
  EXPECT_FALSE(effective_has(mit, "LicenseRef-owl-deepseek-1.0")) << effective_ids(mit);
  EXPECT_EQ(mit.effective_tier, Tier::kOpenPermissive);
}

// Texts the corpus lacks were fetched at development time at a pinned commit
// (data/licenses/fetched_licenses.tsv): their fingerprints are in the index,
// so a release shipping one of them is identified exactly.
TEST(Knowledge2025, FetchedTextsAreFingerprinted) {
  const auto& index = LicenseIndex::builtin();
  for (const char* id :
       {"LicenseRef-owl-llama-3.3", "LicenseRef-owl-llama-aup-3.3", "LicenseRef-owl-kimi-k2.5",
        "LicenseRef-owl-flux-dev-nc-2.0", "LicenseRef-owl-tencent-hunyuan-community-2024-05-14",
        "LicenseRef-owl-tencent-hunyuan-community-2025-06-27", "LicenseRef-owl-minimax-m2"}) {
    const size_t at = index.find(id);
    ASSERT_LT(at, index.size()) << id;
    const LicenseEntry entry = index.entry(at);
    EXPECT_GT(entry.words, 100u) << id << " has no fingerprint";
    EXPECT_EQ(entry.source_url.rfind("https://github.com/", 0), 0u) << id;
    EXPECT_NE(KnowledgeBase::builtin().find(id), nullptr) << id;
  }
}

}  // namespace
}  // namespace owl
