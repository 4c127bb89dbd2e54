#include "owl/safetensors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "test_support.h"

namespace owl {
namespace {

using owl::testing::corpus;

// Length prefix + header + `data_size` zero bytes.
std::string make_safetensors(const std::string& header, size_t data_size) {
  std::string file(8, '\0');
  uint64_t length = header.size();
  for (int i = 0; i < 8; ++i) file[i] = static_cast<char>((length >> (8 * i)) & 0xff);
  return file + header + std::string(data_size, '\0');
}

Bytes as_bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

Expected<SafetensorsFile> read_text(const std::string& file) {
  return read_safetensors(as_bytes(file));
}

std::string rule_of(const Expected<SafetensorsFile>& result) {
  return result ? std::string("ok") : result.error().rule();
}

Expected<SafetensorsFile> read_corpus_file(const std::string& relative) {
  auto mapped = MappedFile::open(corpus(relative).string());
  if (!mapped) return mapped.error();
  return read_safetensors(mapped->bytes());
}

// Every hand-made file in the corpus with the rule it must break ("ok" for
// the valid ones). A file added to the folder without an entry here fails
// CraftedCorpusIsFullyListed.
const std::map<std::string, std::string>& crafted_expectations() {
  static const std::map<std::string, std::string> table = {
      {"bad_duplicate_key.safetensors", "safetensors.duplicate-key"},
      {"bad_extra_field.safetensors", "ok"},  // loads in the reference; flagged as a warning
      {"bad_header_len_huge.safetensors", "safetensors.header-too-large"},
      {"bad_hole.safetensors", "safetensors.hole"},
      {"bad_metadata_nonstring.safetensors", "safetensors.metadata-not-string"},
      {"bad_not_object.safetensors", "safetensors.header-not-object"},
      {"bad_offset_past_eof.safetensors", "safetensors.offset-past-eof"},
      {"bad_overlap.safetensors", "safetensors.overlap"},
      {"bad_size_mismatch.safetensors", "safetensors.size-mismatch"},
      {"bad_trailing_bytes.safetensors", "safetensors.trailing-bytes"},
      {"bad_unknown_dtype.safetensors", "safetensors.unknown-dtype"},
      {"ok_leading_space_header.safetensors", "ok"},
      {"ok_minimal.safetensors", "ok"},
  };
  return table;
}

TEST(SafetensorsCrafted, EachFileBreaksItsRule) {
  for (const auto& [name, rule] : crafted_expectations()) {
    EXPECT_EQ(rule_of(read_corpus_file("safetensors-crafted/" + name)), rule) << name;
  }
}

TEST(SafetensorsCrafted, CraftedCorpusIsFullyListed) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(corpus("safetensors-crafted"))) {
    on_disk.insert(entry.path().filename().string());
  }
  std::set<std::string> listed;
  for (const auto& [name, rule] : crafted_expectations()) listed.insert(name);
  EXPECT_EQ(on_disk, listed);
}

TEST(SafetensorsCrafted, ExtraTensorFieldIsAWarning) {
  auto file = read_corpus_file("safetensors-crafted/bad_extra_field.safetensors");
  ASSERT_TRUE(file) << file.error().message();
  ASSERT_EQ(file->warnings.size(), 1u);
  EXPECT_EQ(file->warnings[0],
            "safetensors.tensor-extra-field: tensor \"a\" has 1 field(s) beyond dtype, shape and "
            "data_offsets, first \"evil\" (loaders ignore them)");
  EXPECT_EQ(file->parameter_count, 2u);
}

TEST(SafetensorsCrafted, MinimalFileFacts) {
  auto file = read_corpus_file("safetensors-crafted/ok_minimal.safetensors");
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->header_length, 144u);
  EXPECT_EQ(file->data_size, 16u);
  EXPECT_EQ(file->metadata, (std::map<std::string, std::string>{{"format", "pt"}}));
  ASSERT_EQ(file->tensors.size(), 2u);
  EXPECT_EQ(file->tensors[1].name, "b");
  EXPECT_EQ(file->tensors[1].begin, 8u);
  EXPECT_EQ(file->tensors[1].end, 16u);
  EXPECT_TRUE(file->warnings.empty());
}

TEST(SafetensorsCrafted, HugeHeaderLengthIsALimitAtByteZero) {
  auto file = read_corpus_file("safetensors-crafted/bad_header_len_huge.safetensors");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().kind(), ErrorKind::kLimit);
  EXPECT_EQ(file.error().offset(), 0u);
}

struct RealFile {
  const char* name;
  size_t tensors;
  uint64_t parameters;
  std::map<std::string, uint64_t> by_dtype;
  uint64_t header_length;
  uint64_t data_size;
  const char* first_tensor;
};

// Expectations computed independently with a Python stdlib script (json +
// struct + math.prod over the header), not with owl.
TEST(SafetensorsReal, CountsMatchIndependentReading) {
  const RealFile files[] = {
      {"candle-csm-voices.safetensors",
       2,
       64812,
       {{"I64", 32406}, {"U8", 32406}},
       144,
       291654,
       "tokens"},
      {"candle-encodec-jfk-codes.safetensors", 1, 1656, {{"I64", 1656}}, 72, 13248, "codes"},
      {"candle-whisper-mel_filters.safetensors", 1, 16080, {{"F32", 16080}}, 72, 64320, "mel_80"},
      {"mnist-tinygrad-model.safetensors", 2, 101632, {{"F32", 101632}}, 152, 406528, "l1.weight"},
      {"tashu014-lora-imdb-distilbert-adapter_model.safetensors",
       28,
       739586,
       {{"F32", 739586}},
       3840,
       2958344,
       "base_model.model.classifier.bias"},
  };
  for (const RealFile& expected : files) {
    auto file = read_corpus_file(std::string("safetensors/") + expected.name);
    ASSERT_TRUE(file) << expected.name << ": " << file.error().message();
    EXPECT_EQ(file->tensors.size(), expected.tensors) << expected.name;
    EXPECT_EQ(file->parameter_count, expected.parameters) << expected.name;
    EXPECT_EQ(file->dtype_parameters, expected.by_dtype) << expected.name;
    EXPECT_EQ(file->header_length, expected.header_length) << expected.name;
    EXPECT_EQ(file->data_size, expected.data_size) << expected.name;
    EXPECT_EQ(file->tensors.front().name, expected.first_tensor) << expected.name;
    EXPECT_TRUE(file->warnings.empty()) << expected.name;
  }
}

TEST(SafetensorsReal, AdapterKeepsMetadataAndShapes) {
  auto file =
      read_corpus_file("safetensors/tashu014-lora-imdb-distilbert-adapter_model.safetensors");
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->metadata, (std::map<std::string, std::string>{{"format", "pt"}}));
  EXPECT_EQ(file->tensors.front().shape, (std::vector<uint64_t>{2}));
  EXPECT_EQ(file->tensors.front().dtype, "F32");
}

TEST(SafetensorsReal, CsmVoicesShape) {
  auto file = read_corpus_file("safetensors/candle-csm-voices.safetensors");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->tensors[0].shape, (std::vector<uint64_t>{1, 982, 33}));
  EXPECT_EQ(file->tensors[0].end, 259248u);
}

TEST(Safetensors, FileShorterThanLengthPrefix) {
  EXPECT_EQ(rule_of(read_text("1234567")), "safetensors.too-small");
  EXPECT_EQ(rule_of(read_text("")), "safetensors.too-small");
}

TEST(Safetensors, HeaderLengthPastEndOfFile) {
  std::string file = make_safetensors("{}", 0);
  file[0] = 3;  // claims 3 bytes, 2 remain
  EXPECT_EQ(rule_of(read_text(file)), "safetensors.header-past-eof");
}

TEST(Safetensors, HeaderLengthAtTheCapIsNotALimit) {
  std::string file(8, '\0');
  const uint64_t length = kSafetensorsMaxHeader;
  for (int i = 0; i < 8; ++i) file[i] = static_cast<char>((length >> (8 * i)) & 0xff);
  EXPECT_EQ(rule_of(read_text(file + "{}")), "safetensors.header-past-eof");
}

TEST(Safetensors, EmptyHeaderObjectWithNoDataIsValid) {
  auto file = read_text(make_safetensors("{}      ", 0));
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_TRUE(file->tensors.empty());
  EXPECT_EQ(file->parameter_count, 0u);
}

TEST(Safetensors, SyntaxErrorReportsFileOffset) {
  auto file = read_text(make_safetensors("{\"a\":", 0));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().rule(), "safetensors.json-syntax");
  ASSERT_TRUE(file.error().offset());
  EXPECT_GE(*file.error().offset(), 8u);
}

TEST(Safetensors, InvalidUtf8InNameIsRejected) {
  EXPECT_EQ(rule_of(read_text(make_safetensors(
                "{\"\xff\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1))),
            "safetensors.json-syntax");
}

TEST(Safetensors, NullMetadataMeansAbsent) {
  auto file = read_text(make_safetensors("{\"__metadata__\":null}", 0));
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_TRUE(file->metadata.empty());
}

TEST(Safetensors, MetadataMustBeAnObject) {
  EXPECT_EQ(rule_of(read_text(make_safetensors("{\"__metadata__\":[\"x\"]}", 0))),
            "safetensors.metadata-not-object");
}

TEST(Safetensors, MissingFieldIsNamed) {
  auto file = read_text(make_safetensors("{\"a\":{\"dtype\":\"U8\",\"shape\":[1]}}", 1));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().rule(), "safetensors.tensor-missing-field");
  EXPECT_NE(file.error().detail().find("data_offsets"), std::string::npos);
}

TEST(Safetensors, TensorEntryMustBeAnObject) {
  EXPECT_EQ(rule_of(read_text(make_safetensors("{\"a\":7}", 0))), "safetensors.tensor-not-object");
}

TEST(Safetensors, NegativeOrFractionalDimensionsAreRejected) {
  EXPECT_EQ(rule_of(read_text(make_safetensors(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", 1))),
            "safetensors.bad-shape");
  EXPECT_EQ(rule_of(read_text(make_safetensors(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1.0],\"data_offsets\":[0,1]}}", 1))),
            "safetensors.bad-shape");
}

TEST(Safetensors, DataOffsetsNeedExactlyTwoOrderedValues) {
  EXPECT_EQ(rule_of(read_text(make_safetensors(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 1))),
            "safetensors.bad-data-offsets");
  EXPECT_EQ(rule_of(read_text(make_safetensors(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[1,0]}}", 1))),
            "safetensors.bad-data-offsets");
}

TEST(Safetensors, OffsetsBeyondTwoToThe64AreRejected) {
  EXPECT_EQ(rule_of(read_text(
                make_safetensors("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,"
                                 "18446744073709551616]}}",
                                 1))),
            "safetensors.bad-data-offsets");
}

TEST(Safetensors, ShapeProductOverflowIsCaught) {
  EXPECT_EQ(rule_of(read_text(
                make_safetensors("{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,0],"
                                 "\"data_offsets\":[0,0]}}",
                                 0))),
            "safetensors.shape-overflow");
  // Fits as elements, overflows once multiplied by 64 bits.
  EXPECT_EQ(rule_of(read_text(
                make_safetensors("{\"a\":{\"dtype\":\"F64\",\"shape\":[1152921504606846976],"
                                 "\"data_offsets\":[0,0]}}",
                                 0))),
            "safetensors.shape-overflow");
}

TEST(Safetensors, SubByteDtypesAreSizedInBits) {
  auto file = read_text(
      make_safetensors("{\"q\":{\"dtype\":\"F4\",\"shape\":[3,2],\"data_offsets\":[0,3]},"
                       "\"s\":{\"dtype\":\"F6_E2M3\",\"shape\":[4],\"data_offsets\":[3,6]}}",
                       6));
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->parameter_count, 10u);
  EXPECT_EQ(file->dtype_parameters.at("F4"), 6u);
  EXPECT_EQ(file->dtype_parameters.at("F6_E2M3"), 4u);
}

TEST(Safetensors, SubByteTensorMustFillWholeBytes) {
  EXPECT_EQ(rule_of(read_text(make_safetensors(
                "{\"q\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2))),
            "safetensors.sub-byte-misaligned");
}

TEST(Safetensors, ZeroSizedTensorsMayShareAnOffset) {
  auto file = read_text(
      make_safetensors("{\"e1\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},"
                       "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                       "\"e2\":{\"dtype\":\"BF16\",\"shape\":[5,0],\"data_offsets\":[4,4]}}",
                       4));
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->tensors.size(), 3u);
  EXPECT_EQ(file->tensors[0].name, "e1");  // file order, not offset order
  EXPECT_EQ(file->parameter_count, 1u);    // the scalar
}

TEST(Safetensors, OutOfOrderOffsetsAreSortedBeforeTiling) {
  auto file =
      read_text(make_safetensors("{\"b\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                                 "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                                 12));
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->dtype_parameters.at("I16"), 2u);
}

TEST(Safetensors, DeeplyNestedExtraFieldIsALimit) {
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  auto file = read_text(make_safetensors(
      "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":" + deep + "}}", 1));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().rule(), "safetensors.json-too-deep");
  EXPECT_EQ(file.error().kind(), ErrorKind::kLimit);
}

TEST(Safetensors, ExtraFieldWarningsAreBounded) {
  std::string header = "{";
  for (int i = 0; i < 100; ++i) {
    header += "\"t" + std::to_string(i) + "\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[" +
              std::to_string(i) + "," + std::to_string(i + 1) + "],\"x\":1,\"y\":2},";
  }
  header.back() = '}';
  auto file = read_text(make_safetensors(header, 100));
  ASSERT_TRUE(file) << file.error().message();
  ASSERT_EQ(file->warnings.size(), 33u);
  EXPECT_NE(file->warnings[0].find("has 2 field(s)"), std::string::npos);
  EXPECT_EQ(file->warnings.back(), "safetensors.too-many-warnings: further warnings omitted");
}

TEST(Safetensors, HostileNamesAreEscapedAndClippedInMessages) {
  const std::string name = "\\u001b[31m" + std::string(5000, 'n');
  auto file = read_text(make_safetensors(
      "{\"" + name + "\":{\"dtype\":\"BAD\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().rule(), "safetensors.unknown-dtype");
  EXPECT_EQ(file.error().detail().find('\x1b'), std::string::npos);
  EXPECT_NE(file.error().detail().find("\"\\x1b[31mnnn"), std::string::npos);
  EXPECT_LT(file.error().detail().size(), 300u);
}

TEST(Safetensors, DtypeNamesAreCaseSensitive) {
  EXPECT_EQ(rule_of(read_text(make_safetensors(
                "{\"a\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4))),
            "safetensors.unknown-dtype");
}

TEST(Safetensors, DuplicateKeyInsideMetadataIsRejected) {
  EXPECT_EQ(rule_of(read_text(make_safetensors("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0))),
            "safetensors.duplicate-key");
}

// ---- model.safetensors.index.json

TEST(SafetensorsIndex, GraniteIndex) {
  const std::string text =
      owl::testing::read_file(corpus("hf-repo-granite/model.safetensors.index.json@0a854d4"));
  auto index = read_safetensors_index(text);
  ASSERT_TRUE(index) << index.error().message();
  EXPECT_EQ(index->total_size, 5338513408u);
  EXPECT_EQ(index->weight_map.size(), 218u);
  EXPECT_EQ(index->shards, (std::vector<std::string>{"model-00001-of-00002.safetensors",
                                                     "model-00002-of-00002.safetensors"}));
  EXPECT_EQ(index->weight_map.at("model.norm.weight"), "model-00002-of-00002.safetensors");
  EXPECT_EQ(index->weight_map.at("model.embed_tokens.weight"), "model-00001-of-00002.safetensors");
  EXPECT_TRUE(index->metadata.empty());
}

TEST(SafetensorsIndex, TotalSizeAsStringAndOtherMetadata) {
  auto index = read_safetensors_index(
      R"({"metadata":{"total_size":"42","format":"pt","n":3},"weight_map":{"w":"a.safetensors"}})");
  ASSERT_TRUE(index) << index.error().message();
  EXPECT_EQ(index->total_size, 42u);
  EXPECT_EQ(index->metadata.at("format"), "pt");
  EXPECT_EQ(index->metadata.at("n"), "3");
}

TEST(SafetensorsIndex, BadTotalSize) {
  EXPECT_EQ(
      read_safetensors_index(R"({"metadata":{"total_size":"4x"},"weight_map":{}})").error().rule(),
      "safetensors-index.bad-total-size");
  EXPECT_EQ(
      read_safetensors_index(R"({"metadata":{"total_size":-1},"weight_map":{}})").error().rule(),
      "safetensors-index.bad-total-size");
}

TEST(SafetensorsIndex, WeightMapMustBeAnObject) {
  EXPECT_EQ(read_safetensors_index(R"({"weight_map":["a"]})").error().rule(),
            "safetensors-index.weight-map-not-object");
  EXPECT_EQ(read_safetensors_index(R"({"metadata":{}})").error().rule(),
            "safetensors-index.missing-weight-map");
}

TEST(SafetensorsIndex, ShardNamesMustBeStrings) {
  EXPECT_EQ(read_safetensors_index(R"({"weight_map":{"w":1}})").error().rule(),
            "safetensors-index.shard-not-string");
}

TEST(SafetensorsIndex, ShardPathTraversalIsRejected) {
  for (const char* shard : {"../x.safetensors", "/etc/passwd", "a/../../b", "..\\\\evil",
                            "C:\\\\w.safetensors", "", "sub/.."}) {
    const std::string text = std::string(R"({"weight_map":{"w":")") + shard + "\"}}";
    auto index = read_safetensors_index(text);
    ASSERT_FALSE(index) << shard;
    EXPECT_EQ(index.error().rule(), "safetensors-index.shard-path-escapes") << shard;
  }
  auto nested = read_safetensors_index(R"({"weight_map":{"w":"sub/..a/x.safetensors"}})");
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->shards, (std::vector<std::string>{"sub/..a/x.safetensors"}));
}

TEST(SafetensorsIndex, NotJson) {
  EXPECT_EQ(read_safetensors_index("{").error().rule(), "safetensors-index.json-syntax");
  EXPECT_EQ(read_safetensors_index("[]").error().rule(), "safetensors-index.not-object");
}

}  // namespace
}  // namespace owl
