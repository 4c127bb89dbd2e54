// The GGUF reader against the shared corpus: every real and generated file
// parses and agrees with llama.cpp's own gguf-py GGUFReader, and every
// crafted file fails with the rule that names what broke.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "owl/bytes.h"
#include "owl/gguf.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::corpus;

// FNV-1a 64 over the keys in file order, joined by '\n': one number that
// pins every key name and their order.
uint64_t fnv1a_of_keys(const GgufFile& file) {
  uint64_t hash = 0xcbf29ce484222325u;
  bool first = true;
  for (const auto& entry : file.metadata) {
    if (!first) hash = (hash ^ '\n') * 0x100000001b3u;
    first = false;
    for (unsigned char c : entry.key) hash = (hash ^ c) * 0x100000001b3u;
  }
  return hash;
}

struct ReferenceFigures {
  const char* path;
  uint64_t kv_count;
  uint64_t tensor_count;
  uint64_t data_offset;
  uint64_t parameter_count;
  uint64_t token_count;  // elements of tokenizer.ggml.tokens
  uint64_t key_hash;
};

// Produced by gguf-py's GGUFReader from ggerganov/llama.cpp @ c392e509
// (fields minus its synthetic GGUF.* entries; data_offset and n_elements
// as it computes them; len(field.data) for the token array).
constexpr ReferenceFigures kGgufPyFigures[] = {
    {"gguf-generated/tiny-lineage-F32.gguf", 26, 2, 1568, 72, 0, 0x000946a3943ee5b8u},
    {"gguf/ggml-vocab-baichuan.gguf", 18, 0, 1341024, 0, 64000, 0x1801cf17c1b0b5f7u},
    {"gguf/ggml-vocab-bert-bge.gguf", 20, 0, 627552, 0, 30522, 0xee7e46777ce3ecc7u},
    {"gguf/ggml-vocab-deepseek-coder.gguf", 25, 0, 1156096, 0, 32256, 0x4b3beff08cf16a0cu},
    {"gguf/ggml-vocab-falcon.gguf", 18, 0, 2287744, 0, 65024, 0xe3fd13b7187f009cu},
    {"gguf/ggml-vocab-gpt-2.gguf", 16, 0, 1766816, 0, 50257, 0x9b972827960c04f9u},
    {"gguf/ggml-vocab-gpt-neox.gguf", 17, 0, 1771456, 0, 50432, 0xf48217adaf5f8c7eu},
    {"gguf/ggml-vocab-llama-spm.gguf", 22, 0, 723872, 0, 32000, 0x7110b188c68ca94fu},
    {"gguf/ggml-vocab-mpt.gguf", 17, 0, 1771424, 0, 50432, 0xb535cbedd3e35935u},
    {"gguf/ggml-vocab-phi-3.gguf", 26, 0, 726048, 0, 32064, 0x65b4c3b4a21074e1u},
    {"gguf/ggml-vocab-refact.gguf", 18, 0, 1720736, 0, 49216, 0x07d3fc602c00d9e3u},
    {"gguf/ggml-vocab-starcoder.gguf", 19, 0, 1719360, 0, 49152, 0x2609f46344986a33u},
};

Expected<GgufFile> read_corpus_file(const std::string& relative) {
  auto mapped = MappedFile::open(corpus(relative).string());
  if (!mapped) return mapped.error();
  return read_gguf(mapped->bytes());
}

TEST(GgufCorpus, EveryGoodFileAgreesWithGgufPy) {
  for (const auto& expected : kGgufPyFigures) {
    SCOPED_TRACE(expected.path);
    auto file = read_corpus_file(expected.path);
    ASSERT_TRUE(file.has_value()) << file.error().message();
    EXPECT_EQ(file->version, 3u);
    EXPECT_EQ(file->metadata.size(), expected.kv_count);
    EXPECT_EQ(file->tensors.size(), expected.tensor_count);
    EXPECT_EQ(file->data_offset, expected.data_offset);
    EXPECT_EQ(file->parameter_count, expected.parameter_count);
    EXPECT_EQ(fnv1a_of_keys(*file), expected.key_hash);
    const GgufKeyValue* tokens = file->find("tokenizer.ggml.tokens");
    const uint64_t token_count = tokens == nullptr ? 0 : std::get<GgufArray>(tokens->value).count;
    EXPECT_EQ(token_count, expected.token_count);
  }
}

TEST(GgufCorpus, TheFigureTableCoversEveryGoodFile) {
  std::set<std::string> listed;
  for (const auto& expected : kGgufPyFigures) listed.insert(expected.path);
  for (const char* folder : {"gguf", "gguf-generated"}) {
    for (const auto& entry : std::filesystem::directory_iterator(corpus(folder))) {
      const std::string relative = std::string(folder) + "/" + entry.path().filename().string();
      EXPECT_TRUE(listed.count(relative)) << relative << " has no gguf-py figures";
    }
  }
}

TEST(GgufCorpus, VocabArraysKeepOnlyTheirHead) {
  auto file = read_corpus_file("gguf/ggml-vocab-phi-3.gguf");
  ASSERT_TRUE(file.has_value()) << file.error().message();
  const auto& tokens = std::get<GgufArray>(file->find("tokenizer.ggml.tokens")->value);
  EXPECT_EQ(tokens.element_type, GgufType::kString);
  EXPECT_EQ(tokens.count, 32064u);
  ASSERT_EQ(tokens.head.size(), kGgufArrayKeep);
  EXPECT_EQ(std::get<std::string>(tokens.head[0]), "<unk>");
  EXPECT_EQ(std::get<std::string>(tokens.head[1]), "<s>");
  const auto& scores = std::get<GgufArray>(file->find("tokenizer.ggml.scores")->value);
  EXPECT_EQ(scores.element_type, GgufType::kFloat32);
  EXPECT_EQ(std::get<double>(scores.head[0]), -1000.0);
  EXPECT_EQ(file->get_uint("tokenizer.ggml.eos_token_id"), 32000u);
  EXPECT_EQ(std::get<bool>(file->find("tokenizer.ggml.add_bos_token")->value), true);
  EXPECT_EQ(file->find("tokenizer.chat_template")->offset, 725663u);  // gguf-py's field offset
}

TEST(GgufCorpus, GeneratedFileTensorsMatchGgufPy) {
  auto file = read_corpus_file("gguf-generated/tiny-lineage-F32.gguf");
  ASSERT_TRUE(file.has_value()) << file.error().message();
  ASSERT_EQ(file->tensors.size(), 2u);
  const auto& embedding = file->tensors[0];
  EXPECT_EQ(embedding.name, "token_embd.weight");
  EXPECT_EQ(embedding.dims, (std::vector<uint64_t>{8, 8}));
  EXPECT_EQ(embedding.n_elements, 64u);
  EXPECT_EQ(embedding.n_bytes, 256u);
  EXPECT_EQ(file->data_offset + embedding.offset, 1568u);
  const auto& norm = file->tensors[1];
  EXPECT_EQ(norm.name, "output_norm.weight");
  EXPECT_EQ(ggml_type_name(norm.ggml_type), std::string("F16"));
  EXPECT_EQ(norm.n_bytes, 16u);
  EXPECT_EQ(file->data_offset + norm.offset, 1824u);
  EXPECT_EQ(file->tensor_types, (std::map<std::string, uint64_t>{{"F16", 1}, {"F32", 1}}));
}

struct CraftedCase {
  const char* file;
  ErrorKind kind;
  const char* rule;
};

constexpr CraftedCase kCrafted[] = {
    {"bad_alignment_not_pow2.gguf", ErrorKind::kCorrupt, "gguf.alignment-not-power-of-two"},
    {"bad_alignment_type.gguf", ErrorKind::kCorrupt, "gguf.alignment-not-u32"},
    {"bad_array_len_huge.gguf", ErrorKind::kCorrupt, "gguf.array-past-end"},
    {"bad_bool_value_2.gguf", ErrorKind::kCorrupt, "gguf.bool-not-0-or-1"},
    {"bad_duplicate_key.gguf", ErrorKind::kCorrupt, "gguf.duplicate-key"},
    {"bad_nested_array_deep.gguf", ErrorKind::kLimit, "gguf.array-nesting-too-deep"},
    {"bad_nkv_huge.gguf", ErrorKind::kCorrupt, "gguf.kv-count-past-end"},
    {"bad_ntensors_huge.gguf", ErrorKind::kCorrupt, "gguf.tensor-count-past-end"},
    {"bad_string_len_huge.gguf", ErrorKind::kCorrupt, "gguf.string-past-end"},
    {"bad_tensor_ndims.gguf", ErrorKind::kCorrupt, "gguf.tensor-too-many-dims"},
    {"bad_tensor_offset_past_eof.gguf", ErrorKind::kCorrupt, "gguf.tensor-data-past-end"},
    {"bad_truncated_kv.gguf", ErrorKind::kCorrupt, "gguf.truncated"},
    {"bad_value_type.gguf", ErrorKind::kCorrupt, "gguf.unknown-value-type"},
    {"bad_version_1.gguf", ErrorKind::kUnsupported, "gguf.unsupported-version"},
};

TEST(GgufCorpus, EveryCraftedFileFailsWithTheRuleItBreaks) {
  for (const auto& expected : kCrafted) {
    SCOPED_TRACE(expected.file);
    auto file = read_corpus_file(std::string("gguf-crafted/") + expected.file);
    ASSERT_FALSE(file.has_value());
    EXPECT_EQ(file.error().rule(), expected.rule) << file.error().message();
    EXPECT_EQ(file.error().kind(), expected.kind);
    EXPECT_FALSE(file.error().detail().empty());
  }
}

TEST(GgufCorpus, TheCraftedTableCoversEveryCraftedFile) {
  std::set<std::string> listed;
  for (const auto& expected : kCrafted) listed.insert(expected.file);
  for (const auto& entry : std::filesystem::directory_iterator(corpus("gguf-crafted"))) {
    EXPECT_TRUE(listed.count(entry.path().filename().string())) << entry.path();
  }
}

TEST(GgufCorpus, CraftedMessagesSayWhatWasExpectedAndFound) {
  auto version = read_corpus_file("gguf-crafted/bad_version_1.gguf");
  ASSERT_FALSE(version.has_value());
  EXPECT_EQ(version.error().detail(), "version 1, this build reads 2 and 3");
  auto alignment = read_corpus_file("gguf-crafted/bad_alignment_not_pow2.gguf");
  ASSERT_FALSE(alignment.has_value());
  EXPECT_EQ(alignment.error().message(),
            "byte 69: gguf.alignment-not-power-of-two: expected general.alignment to be a power "
            "of two, found 24");
  auto duplicate = read_corpus_file("gguf-crafted/bad_duplicate_key.gguf");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().detail(),
            "expected unique keys, found 'general.architecture' again (first at byte 24)");
}

}  // namespace
}  // namespace owl
