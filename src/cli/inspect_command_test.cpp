// End-to-end: `owl inspect` on one file of each format in the shared corpus.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace owl {
namespace {

using nlohmann::json;
using testing::corpus;
using testing::run_owl;

json inspect_json(const std::string& relative) {
  auto result = run_owl("inspect --json " + corpus(relative).string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

TEST(OwlInspect, GgufListsEveryKeyAndTensor) {
  const json report = inspect_json("gguf-generated/tiny-lineage-F32.gguf");
  EXPECT_EQ(report["schema"], "owl.inspect/1");
  EXPECT_EQ(report["format"], "gguf");
  EXPECT_EQ(report["content"]["metadata"].size(), 26u);
  ASSERT_EQ(report["content"]["tensors"].size(), 2u);
  EXPECT_EQ(report["content"]["parameter_count"], 72);
}

TEST(OwlInspect, SafetensorsHeader) {
  const json report =
      inspect_json("safetensors/tashu014-lora-imdb-distilbert-adapter_model.safetensors");
  EXPECT_EQ(report["format"], "safetensors");
  EXPECT_EQ(report["content"]["tensors"].size(), 28u);
  EXPECT_EQ(report["content"]["metadata"]["format"], "pt");
}

TEST(OwlInspect, ShardIndexAndLfsPointer) {
  const json index = inspect_json("hf-repo-granite/model.safetensors.index.json@0a854d4");
  EXPECT_EQ(index["format"], "safetensors-index");
  EXPECT_EQ(index["content"]["shards"].size(), 2u);
  const json pointer = inspect_json("hf-repo-granite/model.safetensors.lfs-pointer");
  EXPECT_EQ(pointer["format"], "lfs-pointer");
  EXPECT_EQ(pointer["content"]["size"], 2669283096u);
}

TEST(OwlInspect, PickleVerdictWithoutLoading) {
  const json benign = inspect_json("pytorch/candle-test.pt");
  EXPECT_EQ(benign["format"], "pytorch");
  EXPECT_EQ(benign["content"]["safety"], "safe");
  const json malicious = inspect_json("pickle-malicious/picklescan-data/malicious0.pkl");
  EXPECT_EQ(malicious["content"]["safety"], "dangerous");
}

TEST(OwlInspect, ModelCardAndAdapterConfig) {
  const json card = inspect_json("hf-repo-granite/README.md");
  EXPECT_EQ(card["format"], "model-card");
  EXPECT_EQ(card["content"]["license"][0]["value"], "apache-2.0");
  const json adapter = inspect_json("hf-configs/tashu014-adapter_config.json");
  EXPECT_EQ(adapter["format"], "config");  // named by its copy, not adapter_config.json
}

TEST(OwlInspect, MalformedFileNamesTheRule) {
  auto result =
      run_owl("inspect " + corpus("safetensors-crafted/bad_overlap.safetensors").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("bad_overlap.safetensors"), std::string::npos);
  EXPECT_NE(result.err.find("safetensors."), std::string::npos);
  EXPECT_TRUE(result.out.empty());  // nothing half-written
}

TEST(OwlInspect, TextFormShowsTensorTable) {
  auto result = run_owl("inspect " + corpus("gguf-generated/tiny-lineage-F32.gguf").string());
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("general.license"), std::string::npos);
  EXPECT_NE(result.out.find("tensors (2):"), std::string::npos);
}

}  // namespace
}  // namespace owl
