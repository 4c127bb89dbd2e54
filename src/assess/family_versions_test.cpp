// A family's default licence speaks only for the releases before its first
// versioned rule: a version owl has no rule for is unknown, never the
// family's oldest licence (a "Llama 3.5" base is not LLaMA 1).
#include <gtest/gtest.h>

#include "owl/knowledge.h"

namespace owl {
namespace {

TEST(FamilyVersions, AnUnknownLaterVersionHasNoRule) {
  const auto& knowledge = KnowledgeBase::builtin();
  EXPECT_EQ(knowledge.family_license("llama", "3.5", "acme/Llama-3.5-8B"), nullptr);
  EXPECT_EQ(knowledge.family_license("gemma", "5", "google/gemma-5-9b"), nullptr);
  EXPECT_EQ(knowledge.family_license("glm", "4.6", "zai-org/GLM-4.6"), nullptr)
      << "owl has read no GLM-4.6 licence statement";
}

TEST(FamilyVersions, KnownVersionsAndEarlierReleasesKeepTheirRules) {
  const auto& knowledge = KnowledgeBase::builtin();
  const auto* llama31 = knowledge.family_license("llama", "3.1", "meta-llama/Llama-3.1-8B");
  ASSERT_NE(llama31, nullptr);
  EXPECT_EQ(llama31->license, "LicenseRef-owl-llama-3.1");
  const auto* unversioned = knowledge.family_license("llama", "", "huggyllama/llama-7b");
  ASSERT_NE(unversioned, nullptr);
  EXPECT_EQ(unversioned->license, "LicenseRef-owl-llama-1");
  const auto* vicuna13 = knowledge.family_license("vicuna", "1.3", "lmsys/vicuna-13b-v1.3");
  ASSERT_NE(vicuna13, nullptr) << "before v1.5: the family default";
  EXPECT_EQ(vicuna13->license, "LicenseRef-owl-llama-1");
  const auto* gemma2 = knowledge.family_license("gemma", "2", "google/gemma-2-9b");
  ASSERT_NE(gemma2, nullptr);
  EXPECT_EQ(gemma2->license, "LicenseRef-owl-gemma-2024-04-01");
}

// Issue #15 part 6: what each 2025–2026 family publishes under.
TEST(FamilyVersions, Families2025To2026) {
  const auto& knowledge = KnowledgeBase::builtin();
  const auto licence = [&](std::string_view family, std::string_view version,
                           std::string_view name) -> std::string {
    const auto* rule = knowledge.family_license(family, version, name);
    return rule ? rule->license : "(none)";
  };
  EXPECT_EQ(licence("gemma", "4", "google/gemma-4-31b-it"), "Apache-2.0");
  EXPECT_EQ(licence("gemma", "3", "google/gemma-3-27b-it"), "LicenseRef-owl-gemma-2025-03-24");
  EXPECT_EQ(licence("llama", "3.3", "meta-llama/Llama-3.3-70B-Instruct"),
            "LicenseRef-owl-llama-3.3");
  EXPECT_EQ(licence("llama", "4", "meta-llama/Llama-4-Maverick-17B-128E"),
            "LicenseRef-owl-llama-4");
  EXPECT_EQ(licence("kimi", "", "moonshotai/kimi-k2-instruct"), "LicenseRef-owl-kimi-k2");
  EXPECT_EQ(licence("kimi", "", "moonshotai/kimi-k2.5"), "LicenseRef-owl-kimi-k2.5");
  EXPECT_EQ(licence("minimax", "", "minimaxai/minimax-text-01"),
            "LicenseRef-owl-minimax-model-2025-01-15");
  EXPECT_EQ(licence("minimax", "", "minimaxai/minimax-m1-80k"), "Apache-2.0");
  EXPECT_EQ(licence("minimax", "", "minimaxai/minimax-m2"), "LicenseRef-owl-minimax-m2");
  EXPECT_EQ(licence("deepseek", "", "deepseek-ai/deepseek-v3"), "LicenseRef-owl-deepseek-1.0");
  EXPECT_EQ(licence("deepseek", "", "deepseek-ai/deepseek-r1"), "MIT");
  EXPECT_EQ(licence("glm", "4.5", "zai-org/glm-4.5-air"), "MIT");
  EXPECT_EQ(licence("glm", "3", "thudm/chatglm3-6b"), "LicenseRef-owl-chatglm3-6b-2024-05");
  EXPECT_EQ(licence("hunyuan", "", "tencent/hunyuan-a13b-instruct"),
            "LicenseRef-owl-tencent-hunyuan-community-2025-06-27");
  EXPECT_EQ(licence("hunyuan", "", "tencent/hunyuan-large"),
            "LicenseRef-owl-tencent-hunyuan-community-2024-11-05");
  EXPECT_EQ(licence("hunyuan", "1.2", "tencent-hunyuan/hunyuandit-v1.2"),
            "LicenseRef-owl-tencent-hunyuan-community-2024-05-14");
  EXPECT_EQ(licence("hunyuan", "", "tencent/hunyuanvideo"), "(none)")
      << "a Hunyuan release whose licence owl has not read";
  EXPECT_EQ(licence("flux", "", "black-forest-labs/flux.1-dev"),
            "LicenseRef-owl-flux1-dev-nc-2024-08");
  EXPECT_EQ(licence("flux", "", "black-forest-labs/flux.2-dev"), "LicenseRef-owl-flux-dev-nc-2.0");
  EXPECT_EQ(licence("flux", "", "black-forest-labs/flux.2-klein-9b"),
            "LicenseRef-owl-flux-dev-nc-2.0");
  EXPECT_EQ(licence("flux", "", "black-forest-labs/flux.2-klein-4b"), "Apache-2.0");
  EXPECT_EQ(licence("flux", "", "black-forest-labs/flux.2-klein-base-4b"), "Apache-2.0");
  EXPECT_EQ(licence("gpt-oss", "", "openai/gpt-oss-120b"), "Apache-2.0");
  EXPECT_EQ(licence("command-r", "", "coherelabs/c4ai-command-r-v01"), "CC-BY-NC-4.0");
  EXPECT_EQ(licence("mistral", "", "mistralai/mistral-small-instruct-2409"),
            "LicenseRef-owl-mistral-mrl-0.1");
  EXPECT_EQ(licence("mistral", "", "mistralai/mistral-small-24b-instruct-2501"), "Apache-2.0");
  EXPECT_EQ(licence("mistral", "", "mistralai/codestral-22b-v0.1"),
            "LicenseRef-owl-mistral-mnpl-0.1");
}

TEST(FamilyVersions, FamilyLicensorsAreKnown) {
  const auto& knowledge = KnowledgeBase::builtin();
  EXPECT_TRUE(knowledge.licenses_family("meta-llama", "llama"));
  EXPECT_TRUE(knowledge.licenses_family("Qwen", "qwen"));
  EXPECT_TRUE(knowledge.licenses_family("qwen", "qwen")) << "organisations compare case-blind";
  EXPECT_FALSE(knowledge.licenses_family("NousResearch", "llama"));
  for (const auto& error : knowledge.errors()) ADD_FAILURE() << error.message();
}

}  // namespace
}  // namespace owl
