// End to end: `owl bom` through the built binary on real corpus releases,
// each BOM checked against the official schema of its format.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "report/bom_schema_check.h"
#include "test_support.h"

namespace owl {
namespace {

using nlohmann::json;
using testing::corpus;
using testing::run_owl;
using testing::source_dir;

// sha256sum examples/tiny-release/model.safetensors
constexpr const char* kExampleSha256 =
    "6ec8c1fa850c7d117e9c0337e96b82ff3a383cafed7e49bf1709044980ddb56b";

std::string example() { return (source_dir() / "examples/tiny-release").string(); }

// Runs `owl bom` into a file, checks the exit code, validates it against the
// schema and returns it parsed.
json bom_of(const std::string& format, const std::string& args) {
  testing::TempDir dir;
  const auto out = dir.path() / "bom.json";
  const auto result = run_owl("bom --format " + format + " -o " + out.string() + " " + args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");  // the BOM went to the file
  const auto verdict = testing::validate_bom(format, out);
  EXPECT_TRUE(verdict.valid) << format << " " << args << ":\n" << verdict.output;
  return json::parse(testing::read_file(out));
}

const json* find_named(const json& items, const std::string& name) {
  for (const auto& item : items)
    if (item.value("name", "") == name) return &item;
  return nullptr;
}

std::string property(const json& holder, const std::string& name) {
  for (const auto& item : holder.value("properties", json::array()))
    if (item["name"] == name) return item["value"];
  return "";
}

std::vector<json> spdx_of_type(const json& bom, const std::string& type) {
  std::vector<json> out;
  for (const auto& node : bom["@graph"])
    if (node["type"] == type) out.push_back(node);
  return out;
}

TEST(OwlBom, UsageErrorsExitTwo) {
  EXPECT_EQ(run_owl("bom " + example()).exit_code, 2);  // --format is required
  EXPECT_EQ(run_owl("bom --format xml " + example()).exit_code, 2);
  EXPECT_EQ(run_owl("bom --format spdx").exit_code, 2);
  EXPECT_EQ(run_owl("bom --format spdx /nonexistent/owl/release").exit_code, 2);
  const auto help = run_owl("bom --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--hash"), std::string::npos);
}

TEST(OwlBom, GraniteCycloneDxStatesTheLfsRecordedHash) {
  OWL_REQUIRE_BOM_SCHEMAS();
  const json bom = bom_of("cyclonedx", corpus("hf-repo-granite").string());
  ASSERT_EQ(bom["components"].size(), 1u);
  const json& model = bom["components"][0];
  EXPECT_EQ(model["type"], "machine-learning-model");
  EXPECT_EQ(model["name"], "hf-repo-granite");
  EXPECT_FALSE(model.contains("purl"));  // a folder, not a Hub cache entry
  const json* pointer = find_named(model["components"], "model.safetensors.lfs-pointer");
  ASSERT_NE(pointer, nullptr);
  EXPECT_EQ((*pointer)["hashes"][0]["alg"], "SHA-256");
  EXPECT_EQ((*pointer)["hashes"][0]["content"].get<std::string>().substr(0, 4), "ac02");
  EXPECT_EQ(property(*pointer, "owl:sha256-basis").rfind("recorded: ", 0), 0u);
  EXPECT_EQ(property(*pointer, "owl:size-bytes"), "2669283096");
}

TEST(OwlBom, GraniteSpdxValidates) {
  OWL_REQUIRE_BOM_SCHEMAS();
  const json bom = bom_of("spdx", corpus("hf-repo-granite").string());
  // The release and its declared base (ibm-granite/granite-3.1-1b-a400m-base).
  const auto packages = spdx_of_type(bom, "ai_AIPackage");
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_TRUE(packages[0]["name"] == "ibm-granite/granite-3.1-1b-a400m-base" ||
              packages[1]["name"] == "ibm-granite/granite-3.1-1b-a400m-base");
  EXPECT_EQ(spdx_of_type(bom, "SpdxDocument").size(), 1u);
  // Declared and concluded licences both resolve to Apache-2.0.
  size_t licence_links = 0;
  for (const auto& relationship : spdx_of_type(bom, "Relationship"))
    if (relationship["relationshipType"] == "hasDeclaredLicense" ||
        relationship["relationshipType"] == "hasConcludedLicense")
      ++licence_links;
  EXPECT_GE(licence_links, 2u);
  bool saw_recorded_hash = false;
  for (const auto& file : spdx_of_type(bom, "software_File"))
    if (file["name"] == "model.safetensors.lfs-pointer")
      saw_recorded_hash =
          file["verifiedUsing"][0]["hashValue"].get<std::string>().rfind("ac02", 0) == 0;
  EXPECT_TRUE(saw_recorded_hash);
}

TEST(OwlBom, GeneratedGgufNamesItsDataset) {
  OWL_REQUIRE_BOM_SCHEMAS();
  const json cdx = bom_of("cyclonedx", corpus("gguf-generated").string());
  ASSERT_EQ(cdx["components"].size(), 2u);  // the model and its one dataset
  EXPECT_EQ(cdx["components"][1]["type"], "data");
  EXPECT_EQ(cdx["components"][0]["modelCard"]["modelParameters"]["architectureFamily"], "llama");
  EXPECT_EQ(cdx["components"][0]["modelCard"]["modelParameters"]["datasets"][0]["ref"],
            cdx["components"][1]["bom-ref"]);
  const json spdx = bom_of("spdx", corpus("gguf-generated").string());
  EXPECT_EQ(spdx_of_type(spdx, "dataset_DatasetPackage").size(), 1u);
}

TEST(OwlBom, HashFlagPutsTheComputedDigestInBothFormats) {
  OWL_REQUIRE_BOM_SCHEMAS();
  const json cdx = bom_of("cyclonedx", "--hash " + example());
  const json* weights = find_named(cdx["components"][0]["components"], "model.safetensors");
  ASSERT_NE(weights, nullptr);
  EXPECT_EQ((*weights)["hashes"][0]["content"], kExampleSha256);
  EXPECT_EQ(property(*weights, "owl:sha256-basis"), "computed by owl");
  EXPECT_EQ(cdx["components"][0]["components"].size(), 2u);  // and the GGUF
  const json spdx = bom_of("spdx", "--hash " + example());
  bool found = false;
  for (const auto& file : spdx_of_type(spdx, "software_File"))
    if (file["name"] == "model.safetensors")
      found = file["verifiedUsing"][0]["hashValue"] == kExampleSha256;
  EXPECT_TRUE(found);
}

TEST(OwlBom, WithoutHashAFolderHasNoHashes) {
  const auto result = run_owl("bom --format cyclonedx " + example());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json bom = json::parse(result.out);  // standard output without -o
  for (const auto& file : bom["components"][0]["components"]) EXPECT_FALSE(file.contains("hashes"));
}

TEST(OwlBom, HubCacheGetsPurlSupplierAndBlobHash) {
  OWL_REQUIRE_BOM_SCHEMAS();
  namespace fs = std::filesystem;
  testing::TempDir dir;
  const fs::path model = dir.path() / "hub" / "models--acme--tiny";
  testing::write_file(model / "refs" / "main", "rev1");
  testing::write_file(model / "blobs" / kExampleSha256,
                      testing::read_file(source_dir() / "examples/tiny-release/model.safetensors"));
  fs::create_directories(model / "snapshots" / "rev1");
  fs::create_symlink(std::string("../../blobs/") + kExampleSha256,
                     model / "snapshots" / "rev1" / "model.safetensors");
  const json cdx = bom_of("cyclonedx", (dir.path() / "hub").string());
  const json& component = cdx["components"][0];
  EXPECT_EQ(component["purl"], "pkg:huggingface/acme/tiny@rev1");
  EXPECT_EQ(component["group"], "acme");
  EXPECT_EQ(component["supplier"]["name"], "acme");
  EXPECT_EQ(component["components"][0]["hashes"][0]["content"], kExampleSha256);
  const json spdx = bom_of("spdx", (dir.path() / "hub").string());
  const auto packages = spdx_of_type(spdx, "ai_AIPackage");
  ASSERT_EQ(packages.size(), 1u);
  EXPECT_EQ(packages[0]["software_downloadLocation"], "https://huggingface.co/acme/tiny");
  EXPECT_EQ(packages[0]["software_packageVersion"], "rev1");
}

TEST(OwlBom, SourceDateEpochMakesItReproducible) {
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  const auto first = run_owl("bom --format spdx " + example());
  const auto second = run_owl("bom --format spdx " + example());
  const auto cdx = run_owl("bom --format cyclonedx " + example());
  ::unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_NE(first.out.find("\"created\": \"2023-11-14T22:13:20Z\""), std::string::npos);
  EXPECT_EQ(json::parse(cdx.out)["metadata"]["timestamp"], "2023-11-14T22:13:20Z");
  const auto fresh_a = json::parse(run_owl("bom --format cyclonedx " + example()).out);
  const auto fresh_b = json::parse(run_owl("bom --format cyclonedx " + example()).out);
  EXPECT_NE(fresh_a["serialNumber"], fresh_b["serialNumber"]);  // a new BOM each run
}

TEST(OwlBom, OutputFileHoldsExactlyWhatStdoutWouldAndReplacesAWholeFile) {
  testing::TempDir dir;
  const auto file = dir.path() / "bom.json";
  testing::write_file(file, std::string(100000, 'x'));  // longer than the BOM
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  const auto printed = run_owl("bom --format cyclonedx " + example());
  const auto written = run_owl("bom --format cyclonedx -o " + file.string() + " " + example());
  ::unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(written.out, "");
  EXPECT_EQ(testing::read_file(file), printed.out);  // no tail of the old file left
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);  // no temporary beside it
}

TEST(OwlBom, UnwritableOutputExitsTwo) {
  const auto result = run_owl("bom --format spdx -o /nonexistent/dir/bom.json " + example());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("/nonexistent/dir/bom.json"), std::string::npos);
}

}  // namespace
}  // namespace owl
