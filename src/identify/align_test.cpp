#include "identify/align.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

namespace owl::identify {
namespace {

std::vector<uint32_t> range(uint32_t from, uint32_t to) {
  std::vector<uint32_t> v(to - from);
  std::iota(v.begin(), v.end(), from);
  return v;
}

TEST(Align, IdenticalSequencesAreOneEqualRun) {
  const auto words = range(0, 50);
  const Alignment a = align(words, words);
  EXPECT_EQ(a.matched, 50u);
  ASSERT_EQ(a.ops.size(), 1u);
  EXPECT_EQ(a.ops[0].kind, OpKind::kEqual);
}

TEST(Align, AppendedTextIsOneInsertAtTheEnd) {
  auto input = range(0, 40);
  for (uint32_t w : range(100, 110)) input.push_back(w);
  const Alignment a = align(input, range(0, 40));
  EXPECT_EQ(a.matched, 40u);
  ASSERT_EQ(a.ops.size(), 2u);
  EXPECT_EQ(a.ops[1].kind, OpKind::kInsert);
  EXPECT_EQ(a.ops[1].input_pos, 40u);
  EXPECT_EQ(a.ops[1].length, 10u);
}

TEST(Align, ASubstitutedWordIsDeleteAndInsertBetweenEqualRuns) {
  auto input = range(0, 30);
  input[15] = 999;
  const Alignment a = align(input, range(0, 30));
  EXPECT_EQ(a.matched, 29u);
  size_t inserts = 0, deletes = 0;
  for (const AlignOp& op : a.ops) {
    inserts += op.kind == OpKind::kInsert ? op.length : 0;
    deletes += op.kind == OpKind::kDelete ? op.length : 0;
  }
  EXPECT_EQ(inserts, 1u);
  EXPECT_EQ(deletes, 1u);
}

TEST(Align, RemovedMiddleBlockIsOneDelete) {
  auto entry = range(0, 60);
  std::vector<uint32_t> input(entry.begin(), entry.begin() + 20);
  input.insert(input.end(), entry.begin() + 40, entry.end());
  const Alignment a = align(input, entry);
  EXPECT_EQ(a.matched, 40u);
  ASSERT_EQ(a.ops.size(), 3u);
  EXPECT_EQ(a.ops[1].kind, OpKind::kDelete);
  EXPECT_EQ(a.ops[1].entry_pos, 20u);
  EXPECT_EQ(a.ops[1].length, 20u);
}

TEST(Align, ShuffledWordsDoNotAlign) {
  const auto entry = range(0, 2000);
  auto input = entry;
  std::mt19937 rng(7);
  std::shuffle(input.begin(), input.end(), rng);
  EXPECT_LT(align(input, entry).matched, 200u);
}

TEST(Align, EmptySidesAreAllInsertOrAllDelete) {
  EXPECT_EQ(align({}, range(0, 5)).matched, 0u);
  EXPECT_EQ(align(range(0, 5), {}).ops.size(), 1u);
}

}  // namespace
}  // namespace owl::identify
