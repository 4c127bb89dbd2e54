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
  EXPECT_EQ(knowledge.family_license("gemma", "4", "google/gemma-4-9b"), nullptr);
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
