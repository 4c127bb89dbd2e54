#include "owl/error.h"

#include <gtest/gtest.h>

#include "owl/bytes.h"

namespace owl {
namespace {

TEST(Error, MessageNamesFileOffsetAndRule) {
  const Error error =
      Error::corrupt("model.gguf", 24, "gguf.bad-magic", "expected GGUF, found GGML");
  EXPECT_EQ(error.message(), "model.gguf: byte 24: gguf.bad-magic: expected GGUF, found GGML");
  EXPECT_EQ(error.kind(), ErrorKind::kCorrupt);
}

TEST(Error, InFileFillsTheName) {
  const Error error = Error::limit("", std::nullopt, "x.cap", "too many").in_file("a.bin");
  EXPECT_EQ(error.message(), "a.bin: x.cap: too many");
}

TEST(Expected, HoldsEitherSide) {
  Expected<int> good = 3;
  Expected<int> bad = Error::usage("nope");
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(*good, 3);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().detail(), "nope");
}

TEST(ByteCursor, RefusesToReadPastTheEnd) {
  const uint8_t raw[] = {1, 0, 0, 0, 2};
  ByteCursor cursor(Bytes(raw, sizeof raw));
  uint32_t value = 0;
  ASSERT_TRUE(cursor.read_u32(value));
  EXPECT_EQ(value, 1u);
  EXPECT_FALSE(cursor.read_u32(value));
  EXPECT_EQ(cursor.offset(), 4u);  // a failed read consumes nothing
  Bytes rest;
  EXPECT_FALSE(cursor.read_bytes(UINT64_MAX, rest));
  EXPECT_TRUE(cursor.read_bytes(1, rest));
  EXPECT_TRUE(cursor.at_end());
}

TEST(CheckedMath, DetectsOverflow) {
  uint64_t out = 0;
  EXPECT_FALSE(checked_mul(UINT64_MAX / 2, 3, out));
  EXPECT_TRUE(checked_mul(1u << 20, 1u << 20, out));
  EXPECT_EQ(out, uint64_t{1} << 40);
  EXPECT_FALSE(checked_add(UINT64_MAX, 1, out));
}

TEST(MappedFile, MissingFileIsAnIoError) {
  auto file = MappedFile::open("/nonexistent/owl/file");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().kind(), ErrorKind::kIo);
}

}  // namespace
}  // namespace owl

#include "owl/units.h"

namespace owl {
namespace {

TEST(Units, HumanFigures) {
  EXPECT_EQ(human_bytes(512), "512 B");
  EXPECT_EQ(human_bytes(2669283096), "2.7 GB");
  EXPECT_EQ(human_count(950), "950");
  EXPECT_EQ(human_count(8'030'000'000), "8.03B");
}

TEST(Units, OneLineCollapsesWhitespaceAndCutsOnCharacters) {
  EXPECT_EQ(one_line("a\n  b\tc", 80), "a b c");
  EXPECT_EQ(one_line("abcdef", 3), "abc…");
  EXPECT_EQ(one_line("ab\xc3\xa9z", 3), "ab…");  // never half of é
}

}  // namespace
}  // namespace owl
