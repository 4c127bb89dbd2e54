// End-to-end: `owl identify` and the identification inside `owl scan`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace owl {
namespace {

using nlohmann::json;
using testing::corpus;
using testing::run_owl;

TEST(OwlIdentify, SeparatesLlamaVersions) {
  auto result = run_owl("identify --json " + corpus("licenses/llama-3.1/LICENSE").string() + " " +
                        corpus("licenses/llama-3.2/LICENSE").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json report = json::parse(result.out);
  EXPECT_EQ(report["schema"], "owl.identify/1");
  ASSERT_EQ(report["files"].size(), 2u);
  EXPECT_EQ(report["files"][0]["identification"]["id"], "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(report["files"][1]["identification"]["id"], "LicenseRef-owl-llama-3.2");
  EXPECT_EQ(report["files"][1]["identification"]["verdict"], "exact");
}

TEST(OwlIdentify, KimiIsAModifiedMitWithItsDisplayClause) {
  auto result = run_owl("identify --no-color " + corpus("licenses/kimi-k2/LICENSE").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("a modified MIT"), std::string::npos);
  EXPECT_NE(result.out.find("display-attribution"), std::string::npos);
  EXPECT_NE(result.out.find("100 million monthly active users"), std::string::npos);
}

TEST(OwlIdentify, MissingFileIsAnInputError) {
  EXPECT_EQ(run_owl("identify /nonexistent/LICENSE").exit_code, 2);
}

TEST(OwlScan, IdentifiesTheLicenceFilesOfARelease) {
  testing::TempDir release;
  testing::write_file(release.path() / "README.md", "---\nlicense: llama3.1\n---\n# x\n");
  testing::write_file(release.path() / "LICENSE",
                      testing::read_file(corpus("licenses/llama-3.1/LICENSE")));
  testing::write_file(release.path() / "USE_POLICY.md",
                      testing::read_file(corpus("licenses/llama-3.1/USE_POLICY.md")));
  auto result = run_owl("scan --json " + release.path().string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json scanned = json::parse(result.out)["releases"][0];
  EXPECT_EQ(scanned["declared"]["licenses"][0]["resolved_id"], "LicenseRef-owl-llama-3.1");
  std::map<std::string, std::string> ids;
  for (const auto& document : scanned["documents"])
    if (!document["identification"].is_null())
      ids[document["path"]] = document["identification"]["id"];
  EXPECT_EQ(ids["LICENSE"], "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(ids["USE_POLICY.md"], "LicenseRef-owl-llama-aup-3.1");
}

TEST(OwlScan, LineageWrittenOnlyInProseIsFoundWithItsFamily) {
  testing::TempDir release;
  testing::write_file(
      release.path() / "README.md",
      "---\nlicense: apache-2.0\n---\n# Tuned\n\nThis model is a fine-tuned version of "
      "[Llama-2-7b](https://huggingface.co/meta-llama/Llama-2-7b-hf) on our data.\n");
  auto result = run_owl("scan --json " + release.path().string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json scanned = json::parse(result.out)["releases"][0];
  ASSERT_EQ(scanned["prose_lineage"].size(), 1u);
  const json& claim = scanned["prose_lineage"][0];
  EXPECT_EQ(claim["base"], "meta-llama/Llama-2-7b-hf");
  EXPECT_EQ(claim["relation"], "finetune");
  EXPECT_EQ(claim["confidence"], "high");
  EXPECT_EQ(claim["family"], "llama");
  EXPECT_EQ(claim["family_version"], "2");
  EXPECT_EQ(claim["source"]["where"], "line 6");
  for (const auto& item : scanned["summary"])
    if (item["topic"] == "lineage")
      EXPECT_NE(item["statement"].get<std::string>().find("llama family 2"), std::string::npos);
}

}  // namespace
}  // namespace owl
