#include <gtest/gtest.h>

#include <sstream>

#include "owl/identify.h"
#include "test_support.h"

namespace owl {
namespace {

TEST(HubLicense, BuiltinTableValidates) {
  for (const auto& error : hub_license_errors()) ADD_FAILURE() << error.message();
  EXPECT_EQ(hub_licenses().size(), 95u);
}

TEST(HubLicense, BadEntriesAreNamed) {
  // The same checks the built-in file passes, on a file that breaks them.
  const auto errors =
      check_hub_license_file("hub.yaml",
                             "hub_licenses:\n"
                             "  - {hub: \"Apache-2.0\", owl: \"Apache-2.0\"}\n"
                             "  - {hub: \"mit\", owl: \"MIT\"}\n"
                             "  - {hub: \"mit\", owl: \"MIT\"}\n"
                             "  - {hub: \"gpl\", expression: \"GPL-3.0-only OR \"}\n"
      "  - {hub: \"apache\", owl: \"Apache-2.0\", terms_of: \"MIT\"}\n");
  std::string rules;
  for (const auto& error : errors) rules += error.rule() + " ";
  EXPECT_EQ(rules,
            "hub-licenses.id hub-licenses.duplicate hub-licenses.expression "
            "hub-licenses.terms-of ");
}

TEST(HubLicense, EveryHubIdentifierIsMapped) {
  std::istringstream in(
      owl::testing::read_file(owl::testing::source_dir() / "data/licenses/hf_hub_licenses.tsv"));
  std::string line;
  std::getline(in, line);  // header
  size_t count = 0;
  for (; std::getline(in, line); ++count) {
    const std::string hub_id = line.substr(0, line.find('\t'));
    const HubLicense h = map_hub_license(hub_id);
    EXPECT_EQ(h.hub_id, hub_id);
    EXPECT_TRUE(h.hub_listed) << hub_id;
    if (!h.owl_id.empty()) {
      EXPECT_LT(LicenseIndex::builtin().find(h.owl_id), LicenseIndex::builtin().size())
          << hub_id << " -> " << h.owl_id;
    }
  }
  EXPECT_EQ(count, 83u);
}

TEST(HubLicense, VersionedModelIdsMapToTheirVersion) {
  EXPECT_EQ(map_hub_license("llama3.1").owl_id, "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(map_hub_license("LLAMA3.2").owl_id, "LicenseRef-owl-llama-3.2");
  EXPECT_EQ(map_hub_license(" apache-2.0 ").owl_id, "Apache-2.0");
  EXPECT_EQ(map_hub_license("cc-by-nc-4.0").owl_id, "CC-BY-NC-4.0");
  EXPECT_EQ(map_hub_license("gpl-3.0").owl_id, "GPL-3.0-only");
  EXPECT_EQ(map_hub_license("bigscience-bloom-rail-1.0").owl_id,
            "LicenseRef-owl-bigscience-bloom-rail-1.0");
}

TEST(HubLicense, FamiliesAndPlaceholdersSaySo) {
  EXPECT_TRUE(map_hub_license("gemma").family_only);
  EXPECT_NE(map_hub_license("gemma").expression.find(" OR "), std::string_view::npos);
  EXPECT_TRUE(map_hub_license("openrail").owl_id.empty());
  EXPECT_EQ(map_hub_license("other").hub_id, "other");
  EXPECT_TRUE(map_hub_license("other").owl_id.empty());
  EXPECT_TRUE(map_hub_license("not-a-hub-id").hub_id.empty());
  EXPECT_FALSE(map_hub_license("deepseek").hub_listed);
  EXPECT_EQ(map_hub_license("deepseek").owl_id, "LicenseRef-owl-deepseek-1.0");
}

// `license_name` values publishers write under "license: other" for the
// 2024–2026 model licences (cards in ../shared/corpus/model-cards).
TEST(HubLicense, LicenseNamesOfModelLicencesResolve) {
  EXPECT_EQ(map_hub_license("mnpl").owl_id, "LicenseRef-owl-mistral-mnpl-0.1");
  EXPECT_EQ(map_hub_license("MRL").owl_id, "LicenseRef-owl-mistral-mrl-0.1");
  EXPECT_EQ(map_hub_license("stabilityai-ai-community").owl_id,
            "LicenseRef-owl-stability-community-2024-07-05");
  EXPECT_EQ(map_hub_license("sai-nc-community").owl_id,
            "LicenseRef-owl-stability-ncrcl-2023-11-28");
  EXPECT_EQ(map_hub_license("msrla").owl_id, "LicenseRef-owl-microsoft-research-license");
  // The names below do not say which dated text: family-only, so a LICENSE
  // file of another version of the same licence agrees with them.
  const HubLicense nvidia = map_hub_license("nvidia-open-model-license");
  EXPECT_EQ(nvidia.owl_id, "LicenseRef-owl-nvidia-open-model-2025-10-24");
  EXPECT_TRUE(nvidia.family_only);
  const HubLicense hunyuan = map_hub_license("tencent-hunyuan-community");
  EXPECT_EQ(hunyuan.owl_id, "LicenseRef-owl-tencent-hunyuan-community-2025-06-27");
  EXPECT_TRUE(hunyuan.family_only);
  EXPECT_NE(hunyuan.expression.find("2024-05-14"), std::string_view::npos);
  for (const char* name : {"mnpl", "mrl", "msrla", "nvidia-open-model-license"}) {
    EXPECT_FALSE(map_hub_license(name).hub_listed) << name << " is a license_name, not a Hub id";
    EXPECT_LT(LicenseIndex::builtin().find(map_hub_license(name).owl_id),
              LicenseIndex::builtin().size())
        << name;
  }
}

}  // namespace
}  // namespace owl
