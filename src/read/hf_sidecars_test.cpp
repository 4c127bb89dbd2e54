#include <gtest/gtest.h>

#include "owl/model_card.h"
#include "test_support.h"

namespace owl {
namespace {

using owl::testing::corpus;
using owl::testing::read_file;

const std::string kValidPointer =
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 12345\n";

std::string rule_of(const Expected<std::optional<LfsPointer>>& result) {
  if (!result) return result.error().rule();
  return *result ? "pointer" : "not-a-pointer";
}

// ---- Git LFS pointers

TEST(LfsPointer, GranitePointers) {
  struct Case {
    const char* file;
    const char* oid;
    uint64_t size;
  };
  const Case cases[] = {
      {"hf-repo-granite/model.safetensors.lfs-pointer",
       "ac02591061f1344027a7e7b11dbb4143f75f166c47dc09b742f5de3ab1dde1d1", 2669283096u},
      {"hf-repo-granite/model-00001-of-00002.safetensors.lfs-pointer@0a854d4",
       "a41fd0fd2ab25fe0553b47b8777f49ad68866d2878ba374bf8cc3b0ed6421490", 4923019144u},
      {"hf-repo-granite/model-00002-of-00002.safetensors.lfs-pointer@0a854d4",
       "8736d26aee8bcaa1cf41942aa23edaef11a99c4f4715fee7b7b23180beec9674", 415520528u},
  };
  for (const Case& expected : cases) {
    auto pointer = read_lfs_pointer(read_file(corpus(expected.file)));
    ASSERT_TRUE(pointer) << expected.file << ": " << pointer.error().message();
    ASSERT_TRUE(*pointer) << expected.file;
    EXPECT_EQ((*pointer)->oid_sha256, expected.oid);
    EXPECT_EQ((*pointer)->size, expected.size);
  }
}

TEST(LfsPointer, RealFilesAreNotPointers) {
  EXPECT_EQ(rule_of(read_lfs_pointer(read_file(corpus("hf-repo-granite/config.json")))),
            "not-a-pointer");
  EXPECT_EQ(rule_of(read_lfs_pointer("")), "not-a-pointer");
  EXPECT_EQ(rule_of(read_lfs_pointer("versionhttps://git-lfs.github.com/spec/v1\n")),
            "not-a-pointer");
}

TEST(LfsPointer, AnythingOf1024BytesOrMoreIsNotAPointer) {
  std::string padded = kValidPointer;
  padded.resize(1024, '\n');
  EXPECT_EQ(rule_of(read_lfs_pointer(padded)), "not-a-pointer");
  padded.resize(1023);
  EXPECT_EQ(rule_of(read_lfs_pointer(padded)), "pointer");
}

TEST(LfsPointer, CrlfAndMissingFinalNewlineAreTolerated) {
  std::string crlf;
  for (char c : kValidPointer) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(rule_of(read_lfs_pointer(crlf)), "pointer");
  EXPECT_EQ(rule_of(read_lfs_pointer(kValidPointer.substr(0, kValidPointer.size() - 1))),
            "pointer");
}

TEST(LfsPointer, ExtensionLinesBeforeOid) {
  auto pointer = read_lfs_pointer(
      "version https://git-lfs.github.com/spec/v1\n"
      "ext-0-foo sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
      "ext-1-bar sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
      "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
      "size 0\n");
  ASSERT_TRUE(pointer && *pointer);
  EXPECT_EQ((*pointer)->size, 0u);
}

TEST(LfsPointer, SpecViolationsAreErrors) {
  const std::string version = "version https://git-lfs.github.com/spec/v1\n";
  const std::string oid =
      "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n";
  EXPECT_EQ(rule_of(read_lfs_pointer("version https://example.com/v9\n" + oid + "size 1\n")),
            "lfs.unknown-version");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + "size 1\n" + oid)), "lfs.key-order");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + oid)), "lfs.key-order");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + oid + "size 1\nzzz 1\n")), "lfs.key-order");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + "oid sha256:ABCD\nsize 1\n")), "lfs.bad-oid");
  EXPECT_EQ(
      rule_of(read_lfs_pointer(
          version + "oid sha256:4D7A214614AB2935C943F9E0FF69D22EADBB8F32B1258DAAA5E2CA24D17E2393\n"
                    "size 1\n")),
      "lfs.bad-oid");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + "oid md5:0123\nsize 1\n")), "lfs.bad-oid");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + oid + "size -1\n")), "lfs.bad-size");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + oid + "size 12kb\n")), "lfs.bad-size");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + oid + "size 9223372036854775808\n")),
            "lfs.bad-size");
  EXPECT_EQ(rule_of(read_lfs_pointer(version + oid + "size\n")), "lfs.malformed-line");
}

// ---- config.json

TEST(ModelConfig, GraniteConfig) {
  auto config = read_model_config(read_file(corpus("hf-repo-granite/config.json")));
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->architectures, (std::vector<std::string>{"GraniteMoeForCausalLM"}));
  EXPECT_EQ(config->model_type, "granitemoe");
  EXPECT_EQ(config->torch_dtype, "bfloat16");
  EXPECT_EQ(config->transformers_version, "4.47.0");
  EXPECT_FALSE(config->name_or_path);
  EXPECT_FALSE(config->parameter_hint);
  EXPECT_TRUE(config->warnings.empty());
}

TEST(ModelConfig, NewerDtypeKeyAndParameterHint) {
  auto config = read_model_config(
      R"({"_name_or_path":"org/base","dtype":"float16","num_parameters":7000000000,)"
      R"("architectures":null})");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->torch_dtype, "float16");
  EXPECT_EQ(config->name_or_path, "org/base");
  EXPECT_EQ(config->parameter_hint, 7000000000u);
  EXPECT_TRUE(config->architectures.empty());
}

TEST(ModelConfig, WrongTypesBecomeWarnings) {
  auto config = read_model_config(
      R"({"architectures":"LlamaForCausalLM","model_type":7,"torch_dtype":["bf16"],)"
      R"("num_parameters":-3,"transformers_version":{"v":1}})");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->architectures, (std::vector<std::string>{"LlamaForCausalLM"}));
  EXPECT_FALSE(config->model_type);
  EXPECT_FALSE(config->torch_dtype);
  EXPECT_FALSE(config->parameter_hint);
  EXPECT_EQ(config->warnings.size(), 5u);
  EXPECT_EQ(config->warnings[1],
            "config.unexpected-type: expected \"model_type\" to be a string, found unsigned "
            "integer");
}

TEST(ModelConfig, NotAnObjectOrNotJson) {
  EXPECT_EQ(read_model_config("[1]").error().rule(), "config.not-object");
  EXPECT_EQ(read_model_config("{\"a\":").error().rule(), "config.json-syntax");
  EXPECT_EQ(read_model_config(std::string(100, '[') + std::string(100, ']')).error().rule(),
            "config.json-too-deep");
}

TEST(ModelConfig, DuplicateKeysKeepTheLastLikePython) {
  auto config = read_model_config(R"({"model_type":"a","model_type":"b"})");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->model_type, "b");
}

// ---- adapter_config.json

TEST(AdapterConfig, PeftLoraAdapter) {
  auto config = read_adapter_config(read_file(corpus("hf-configs/tashu014-adapter_config.json")));
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->base_model_name_or_path, "distilbert-base-uncased");
  EXPECT_EQ(config->peft_type, "LORA");
  EXPECT_EQ(config->task_type, "SEQ_CLS");
  EXPECT_EQ(config->rank, 8u);
  EXPECT_TRUE(config->warnings.empty());
}

TEST(AdapterConfig, WrongRankType) {
  auto config = read_adapter_config(R"({"r":"8","base_model_name_or_path":null})");
  ASSERT_TRUE(config);
  EXPECT_FALSE(config->rank);
  EXPECT_FALSE(config->base_model_name_or_path);
  ASSERT_EQ(config->warnings.size(), 1u);
  EXPECT_EQ(config->warnings[0].rfind("adapter-config.unexpected-type:", 0), 0u);
}

// ---- mergekit

TEST(MergeConfig, SlicesAndModels) {
  auto config = read_merge_config(
      "slices:\n"
      "  - sources:\n"
      "      - model: org/alpha\n"
      "        layer_range: [0, 32]\n"
      "      - model: org/beta+org/beta-lora\n"
      "        layer_range: [0, 32]\n"
      "models:\n"
      "  - model: org/alpha\n"
      "    parameters: {density: 0.5, weight: 0.5}\n"
      "  - model: org/gamma\n"
      "merge_method: ties\n"
      "base_model: org/base\n"
      "dtype: bfloat16\n");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->merge_method, "ties");
  EXPECT_EQ(config->base_model, "org/base");
  EXPECT_EQ(config->models,
            (std::vector<std::string>{"org/alpha", "org/gamma", "org/beta+org/beta-lora"}));
  EXPECT_TRUE(config->warnings.empty());
}

TEST(MergeConfig, MoeExperts) {
  auto config = read_merge_config(
      "base_model: org/base\n"
      "gate_mode: hidden\n"
      "experts:\n"
      "  - source_model: org/coder\n"
      "    positive_prompts: [code]\n"
      "  - source_model: org/writer\n");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->models, (std::vector<std::string>{"org/coder", "org/writer"}));
  EXPECT_FALSE(config->merge_method);
}

TEST(MergeConfig, WrongShapesAndErrors) {
  auto odd = read_merge_config("merge_method: [a]\nmodels: org/x\n");
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->merge_method);
  EXPECT_TRUE(odd->models.empty());
  EXPECT_EQ(odd->warnings.size(), 2u);
  EXPECT_EQ(read_merge_config("- a\n").error().rule(), "mergekit.not-mapping");
  EXPECT_EQ(read_merge_config("models: [a\n").error().rule(), "mergekit.yaml-syntax");
}

TEST(MergeConfig, AliasedNamesAreCapped) {
  std::string text = "x: &n " + std::string(100000, 'm') + "\nmodels:\n";
  for (int i = 0; i < 100; ++i) text += "  - model: *n\n";
  // Identical names are kept once, but each copy still costs: 100 x 100 KB.
  EXPECT_EQ(read_merge_config(text).error().rule(), "mergekit.yaml-expansion-too-large");
}

}  // namespace
}  // namespace owl
