// The GGUF reader on files built byte by byte: each test names the rule a
// file breaks (or the fact a good file must yield).
#include "owl/gguf.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "builders/gguf_builder.h"
#include "read/gguf_format.h"

namespace owl {
namespace {

using testing::bytes_of;
using testing::GgufBuilder;
using B = GgufBuilder;

constexpr uint32_t kF32 = 0, kF16 = 1, kQ4_0 = 2, kQ4_K = 12;

Expected<GgufFile> read(const std::string& bytes) { return read_gguf(bytes_of(bytes)); }

std::string rule_of(const std::string& bytes) {
  auto file = read(bytes);
  return file.has_value() ? "parsed" : file.error().rule();
}

TEST(Gguf, EmptyFileParsesWithDefaults) {
  auto file = read(GgufBuilder().build());
  ASSERT_TRUE(file.has_value()) << file.error().message();
  EXPECT_EQ(file->version, 3u);
  EXPECT_EQ(file->alignment, 32u);
  EXPECT_EQ(file->data_offset, 32u);  // 24 header bytes, padded
  EXPECT_TRUE(file->metadata.empty());
  EXPECT_EQ(file->parameter_count, 0u);
}

TEST(Gguf, VersionTwoParses) {
  auto file = read(GgufBuilder(2).kv_string("general.name", "v2").build());
  ASSERT_TRUE(file.has_value()) << file.error().message();
  EXPECT_EQ(file->version, 2u);
  EXPECT_EQ(file->get_string("general.name"), "v2");
}

TEST(Gguf, EveryScalarTypeDecodes) {
  const std::string bytes = GgufBuilder()
                                .kv("a.u8", GgufType::kUint8, B::le<uint8_t>(200))
                                .kv("a.i8", GgufType::kInt8, B::le<int8_t>(-100))
                                .kv("a.u16", GgufType::kUint16, B::le<uint16_t>(60000))
                                .kv("a.i16", GgufType::kInt16, B::le<int16_t>(-30000))
                                .kv("a.u32", GgufType::kUint32, B::le<uint32_t>(4000000000u))
                                .kv("a.i32", GgufType::kInt32, B::le<int32_t>(-2000000000))
                                .kv("a.f32", GgufType::kFloat32, B::le<float>(0.5f))
                                .kv("a.bool", GgufType::kBool, B::le<uint8_t>(1))
                                .kv_string("a.string", "text")
                                .kv("a.u64", GgufType::kUint64, B::le<uint64_t>(1ull << 40))
                                .kv("a.i64", GgufType::kInt64, B::le<int64_t>(-(1ll << 40)))
                                .kv("a.f64", GgufType::kFloat64, B::le<double>(-2.25))
                                .build();
  auto file = read(bytes);
  ASSERT_TRUE(file.has_value()) << file.error().message();
  ASSERT_EQ(file->metadata.size(), 12u);
  EXPECT_EQ(std::get<uint64_t>(file->find("a.u8")->value), 200u);
  EXPECT_EQ(std::get<int64_t>(file->find("a.i8")->value), -100);
  EXPECT_EQ(std::get<uint64_t>(file->find("a.u16")->value), 60000u);
  EXPECT_EQ(std::get<int64_t>(file->find("a.i16")->value), -30000);
  EXPECT_EQ(file->get_uint("a.u32"), 4000000000u);
  EXPECT_EQ(std::get<int64_t>(file->find("a.i32")->value), -2000000000);
  EXPECT_EQ(std::get<double>(file->find("a.f32")->value), 0.5);
  EXPECT_EQ(std::get<bool>(file->find("a.bool")->value), true);
  EXPECT_EQ(file->get_string("a.string"), "text");
  EXPECT_EQ(file->get_uint("a.u64"), 1ull << 40);
  EXPECT_EQ(std::get<int64_t>(file->find("a.i64")->value), -(1ll << 40));
  EXPECT_EQ(std::get<double>(file->find("a.f64")->value), -2.25);
  EXPECT_EQ(file->find("a.u8")->type, GgufType::kUint8);
  EXPECT_EQ(file->find("a.u8")->offset, 24u);
  EXPECT_EQ(file->get_uint("a.i64"), std::nullopt);   // negative
  EXPECT_EQ(file->get_string("a.u8"), std::nullopt);  // not a string
}

TEST(Gguf, LongArrayKeepsItsHeadAndCountsTheRest) {
  std::string elements;
  for (uint32_t i = 0; i < 1000; ++i) elements += B::u32(i);
  auto file = read(GgufBuilder()
                       .kv("ids", GgufType::kArray, B::array(GgufType::kUint32, 1000, elements))
                       .build());
  ASSERT_TRUE(file.has_value()) << file.error().message();
  const auto& ids = std::get<GgufArray>(file->find("ids")->value);
  EXPECT_EQ(ids.count, 1000u);
  ASSERT_EQ(ids.head.size(), kGgufArrayKeep);
  EXPECT_EQ(std::get<uint64_t>(ids.head[63]), 63u);
}

TEST(Gguf, NestedArraysKeepTheirOwnHead) {
  const std::string inner = B::array(GgufType::kInt16, 2, B::le<int16_t>(-1) + B::le<int16_t>(7));
  const std::string outer = B::array(GgufType::kArray, 2, inner + inner);
  auto file = read(GgufBuilder().kv("nested", GgufType::kArray, outer).build());
  ASSERT_TRUE(file.has_value()) << file.error().message();
  const auto& array = std::get<GgufArray>(file->find("nested")->value);
  EXPECT_EQ(array.element_type, GgufType::kArray);
  ASSERT_EQ(array.head.size(), 2u);
  const auto& first = std::get<GgufArray>(array.head[0]);
  EXPECT_EQ(first.element_type, GgufType::kInt16);
  EXPECT_EQ(std::get<int64_t>(first.head[1]), 7);
}

std::string nested_arrays(uint32_t levels) {
  std::string value = B::array(GgufType::kUint8, 0, "");
  for (uint32_t i = 1; i < levels; ++i) value = B::array(GgufType::kArray, 1, value);
  return value;
}

TEST(Gguf, ArrayNestingIsCapped) {
  const uint32_t cap = gguf_format::kMaxArrayNesting;
  EXPECT_EQ(rule_of(GgufBuilder().kv("n", GgufType::kArray, nested_arrays(cap)).build()), "parsed");
  EXPECT_EQ(rule_of(GgufBuilder().kv("n", GgufType::kArray, nested_arrays(cap + 1)).build()),
            "gguf.array-nesting-too-deep");
}

TEST(Gguf, BoolOutsideTheKeptHeadIsStillValidated) {
  std::string flags(100, '\1');
  flags[80] = '\2';
  EXPECT_EQ(
      rule_of(
          GgufBuilder().kv("f", GgufType::kArray, B::array(GgufType::kBool, 100, flags)).build()),
      "gguf.bool-not-0-or-1");
}

TEST(Gguf, StringOutsideTheKeptHeadIsStillValidated) {
  std::string items;
  for (int i = 0; i < 99; ++i) items += B::str("t");
  items += B::u64(1000);  // the last one claims more than is left
  EXPECT_EQ(
      rule_of(
          GgufBuilder().kv("s", GgufType::kArray, B::array(GgufType::kString, 100, items)).build()),
      "gguf.string-past-end");
}

TEST(Gguf, HugeCountsFailBeforeAnyAllocation) {
  constexpr uint64_t kHuge = 1ull << 62;
  EXPECT_EQ(rule_of(GgufBuilder().claim_kv_count(kHuge).build()), "gguf.kv-count-past-end");
  EXPECT_EQ(rule_of(GgufBuilder().claim_tensor_count(kHuge).build()), "gguf.tensor-count-past-end");
  EXPECT_EQ(
      rule_of(
          GgufBuilder().kv("a", GgufType::kArray, B::array(GgufType::kUint64, kHuge, "")).build()),
      "gguf.array-past-end");
  EXPECT_EQ(rule_of(GgufBuilder()
                        .kv("a", GgufType::kArray, B::array(GgufType::kUint8, UINT64_MAX, ""))
                        .build()),
            "gguf.array-past-end");
  EXPECT_EQ(rule_of(GgufBuilder().kv("a", GgufType::kString, B::u64(kHuge)).build()),
            "gguf.string-past-end");
}

TEST(Gguf, HeaderProblemsAreNamed) {
  EXPECT_EQ(rule_of("GGU"), "gguf.truncated");
  EXPECT_EQ(rule_of("GGML" + B::u32(3)), "gguf.bad-magic");
  EXPECT_EQ(rule_of("GGUF" + B::u32(3)), "gguf.truncated");
  EXPECT_EQ(rule_of(GgufBuilder(4).build()), "gguf.unsupported-version");
  EXPECT_EQ(rule_of(GgufBuilder(0x03000000).build()), "gguf.big-endian");
  auto future = read(GgufBuilder(4).build());
  EXPECT_EQ(future.error().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(future.error().detail(), "version 4, this build reads 2 and 3");
}

TEST(Gguf, KeyProblemsAreNamed) {
  EXPECT_EQ(rule_of(GgufBuilder().kv_string("", "x").build()), "gguf.empty-key");
  EXPECT_EQ(rule_of(GgufBuilder().kv_u32("k", 1).kv_u32("k", 2).build()), "gguf.duplicate-key");
  EXPECT_EQ(rule_of(GgufBuilder().kv(std::string(70000, 'k'), GgufType::kUint8, "\1").build()),
            "gguf.key-too-long");
  EXPECT_EQ(rule_of(GgufBuilder().kv("k", static_cast<GgufType>(13), std::string(2, '\0')).build()),
            "gguf.unknown-value-type");
  EXPECT_EQ(rule_of(GgufBuilder().kv("k", GgufType::kArray, B::u32(99) + B::u64(0)).build()),
            "gguf.unknown-value-type");
  EXPECT_EQ(rule_of(GgufBuilder().kv_string("k", std::string(20, 'v')).claim_kv_count(2).build()),
            "gguf.truncated");
}

TEST(Gguf, AlignmentMustBeAU32PowerOfTwo) {
  EXPECT_EQ(rule_of(GgufBuilder().kv_u32("general.alignment", 0).build()),
            "gguf.alignment-not-power-of-two");
  EXPECT_EQ(rule_of(GgufBuilder().kv_u32("general.alignment", 48).build()),
            "gguf.alignment-not-power-of-two");
  EXPECT_EQ(rule_of(GgufBuilder().kv("general.alignment", GgufType::kUint64, B::u64(64)).build()),
            "gguf.alignment-not-u32");
  auto file = read(GgufBuilder().kv_u32("general.alignment", 64).build());
  ASSERT_TRUE(file.has_value()) << file.error().message();
  EXPECT_EQ(file->alignment, 64u);
  EXPECT_EQ(file->data_offset, 64u);
}

TEST(Gguf, TensorSizesFollowTheGgmlTypeTable) {
  const std::string bytes = GgufBuilder()
                                .tensor("w", {256, 2}, kQ4_K, 0)  // 2 blocks of 144 bytes
                                .tensor("b", {64}, kQ4_0, 288)    // 2 blocks of 18 bytes
                                .tensor("s", {}, kF32, 352)       // a scalar: 1 element
                                .tensor("e", {0, 5}, kF16, 384)   // empty
                                .data(384)
                                .build();
  auto file = read(bytes);
  ASSERT_TRUE(file.has_value()) << file.error().message();
  ASSERT_EQ(file->tensors.size(), 4u);
  EXPECT_EQ(file->tensors[0].n_elements, 512u);
  EXPECT_EQ(file->tensors[0].n_bytes, 288u);
  EXPECT_EQ(file->tensors[1].n_bytes, 36u);
  EXPECT_EQ(file->tensors[2].n_elements, 1u);
  EXPECT_EQ(file->tensors[2].n_bytes, 4u);
  EXPECT_EQ(file->tensors[3].n_bytes, 0u);
  EXPECT_EQ(file->parameter_count, 512u + 64u + 1u);
  EXPECT_EQ(file->tensor_types,
            (std::map<std::string, uint64_t>{{"F16", 1}, {"F32", 1}, {"Q4_0", 1}, {"Q4_K", 1}}));
}

TEST(Gguf, TensorInfoProblemsAreNamed) {
  auto one = [](std::vector<uint64_t> dims, uint32_t type, uint64_t offset, uint64_t data) {
    return rule_of(GgufBuilder().tensor("t", dims, type, offset).data(data).build());
  };
  EXPECT_EQ(one({8}, kF32, 0, 32), "parsed");
  EXPECT_EQ(one({8}, kF32, 16, 64), "gguf.tensor-offset-misaligned");
  EXPECT_EQ(one({1, 1, 1, 1, 1}, kF32, 0, 32), "gguf.tensor-too-many-dims");
  EXPECT_EQ(one({1ull << 63}, kF32, 0, 32), "gguf.tensor-dim-negative");
  EXPECT_EQ(one({1ull << 32, 1ull << 32}, kF32, 0, 32), "gguf.tensor-element-count-overflow");
  EXPECT_EQ(one({8}, 40, 0, 32), "gguf.unknown-tensor-type");
  EXPECT_EQ(one({32}, 31, 0, 32), "gguf.retired-tensor-type");
  EXPECT_EQ(one({33}, kQ4_0, 0, 64), "gguf.tensor-row-not-block-multiple");
  EXPECT_EQ(one({8}, kF32, 0, 31), "gguf.tensor-data-past-end");
  EXPECT_EQ(one({8}, kF32, UINT64_MAX - 31, 32), "gguf.tensor-data-past-end");
  EXPECT_EQ(rule_of(GgufBuilder().tensor(std::string(65, 'n'), {1}, kF32, 0).data(32).build()),
            "gguf.tensor-name-too-long");
  EXPECT_EQ(
      rule_of(GgufBuilder().tensor("t", {8}, kF32, 0).tensor("t", {8}, kF32, 32).data(64).build()),
      "gguf.duplicate-tensor-name");
  EXPECT_EQ(
      rule_of(GgufBuilder().tensor("a", {16}, kF32, 0).tensor("b", {8}, kF32, 32).data(64).build()),
      "gguf.tensors-overlap");
}

TEST(Gguf, EveryTruncationOfAGoodFileIsAnError) {
  const std::string good = GgufBuilder()
                               .kv_string("general.name", "n")
                               .kv_strings("general.tags", {"a", "b"})
                               .tensor("w", {4}, kF32, 0)
                               .data(16)
                               .build();
  ASSERT_EQ(rule_of(good), "parsed");
  const std::set<std::string> expected_rules = {
      "gguf.truncated",      "gguf.string-past-end",       "gguf.kv-count-past-end",
      "gguf.array-past-end", "gguf.tensor-count-past-end", "gguf.tensor-data-past-end"};
  for (size_t length = 0; length < good.size(); ++length) {
    const std::string rule = rule_of(good.substr(0, length));
    EXPECT_TRUE(expected_rules.count(rule)) << "length " << length << ": " << rule;
  }
}

TEST(GgmlTypes, NamesAndSizesMatchGgml) {
  EXPECT_STREQ(ggml_type_name(0), "F32");
  EXPECT_STREQ(ggml_type_name(12), "Q4_K");
  EXPECT_STREQ(ggml_type_name(30), "BF16");
  EXPECT_STREQ(ggml_type_name(35), "TQ2_0");
  EXPECT_STREQ(ggml_type_name(40), "unknown");
  const auto* mxfp4 = gguf_format::ggml_type_traits(39);
  ASSERT_NE(mxfp4, nullptr);
  EXPECT_STREQ(mxfp4->name, "MXFP4");
  EXPECT_EQ(mxfp4->block_size, 32u);
  EXPECT_EQ(mxfp4->type_size, 17u);
  EXPECT_EQ(gguf_format::ggml_type_traits(15)->type_size, 292u);  // Q8_K
  EXPECT_EQ(gguf_format::ggml_type_traits(4)->block_size, 0u);    // Q4_2, retired
  EXPECT_STREQ(to_string(GgufType::kFloat64), "f64");
}

}  // namespace
}  // namespace owl
