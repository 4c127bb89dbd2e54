// Split GGUF sets: shards built here with the split keys gguf-split writes,
// read as a release; a missing or inconsistent shard is a problem naming it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "builders/gguf_builder.h"
#include "owl/find.h"
#include "owl/read.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::GgufBuilder;
using testing::TempDir;
using testing::write_file;

constexpr uint32_t kF32 = 0;

struct Shard {
  uint16_t number = 0;  // split.no, 0-based
  uint16_t count = 3;
  int32_t tensors_total = 6;
  std::vector<std::string> tensors;
  std::string architecture;  // written only when not empty
  bool split_keys = true;
};

std::string shard_bytes(const Shard& shard) {
  GgufBuilder builder;
  if (!shard.architecture.empty()) builder.kv_string("general.architecture", shard.architecture);
  if (shard.number == 0) builder.kv_string("general.license", "apache-2.0");
  if (shard.split_keys) {
    builder.kv("split.no", GgufType::kUint16, GgufBuilder::le<uint16_t>(shard.number));
    builder.kv("split.count", GgufType::kUint16, GgufBuilder::le<uint16_t>(shard.count));
    builder.kv("split.tensors.count", GgufType::kInt32,
               GgufBuilder::le<int32_t>(shard.tensors_total));
  }
  uint64_t offset = 0;
  for (const auto& name : shard.tensors) {
    builder.tensor(name, {8}, kF32, offset);
    offset += 32;
  }
  return builder.data(offset).build();
}

std::vector<Shard> whole_set() {
  return {{0, 3, 6, {"token_embd.weight", "blk.0.attn_q.weight"}, "llama", true},
          {1, 3, 6, {"blk.0.attn_k.weight", "blk.0.attn_v.weight"}, "", true},
          {2, 3, 6, {"blk.0.ffn_up.weight", "output.weight"}, "", true}};
}

std::string shard_file(int number, int count = 3) {
  char name[64];
  std::snprintf(name, sizeof name, "tiny-%05d-of-%05d.gguf", number, count);
  return name;
}

Release read_folder(const TempDir& dir) {
  auto found = find_releases(dir.path().string());
  EXPECT_TRUE(found.has_value());
  EXPECT_EQ(found->size(), 1u);
  return read_release(found->front(), {});
}

Release read_set(const TempDir& dir, const std::vector<Shard>& shards,
                 const std::vector<int>& skip = {}) {
  for (size_t i = 0; i < shards.size(); ++i)
    if (std::find(skip.begin(), skip.end(), static_cast<int>(i + 1)) == skip.end())
      write_file(dir.path() / shard_file(static_cast<int>(i + 1), shards[i].count),
                 shard_bytes(shards[i]));
  write_file(dir.path() / "README.md", "# tiny\n");
  return read_folder(dir);
}

std::string problem_rules(const Release& release) {
  std::string out;
  for (const auto& problem : release.problems) out += problem.rule() + " ";
  return out;
}

TEST(GgufSplit, AWholeSetIsOneConsistentRelease) {
  TempDir dir;
  const Release release = read_set(dir, whole_set());
  EXPECT_TRUE(release.problems.empty()) << problem_rules(release);
  ASSERT_EQ(release.artifacts.size(), 3u);
  EXPECT_EQ(release.parameter_count(), 6u * 8u);
  bool noted = false;
  for (const auto& note : release.artifacts[1].notes)
    noted = noted || note == "split GGUF: shard 2 of 3 of tiny.gguf (3 of 3 present)";
  EXPECT_TRUE(noted);
  ASSERT_EQ(release.licenses.size(), 1u);  // from the first shard
  EXPECT_EQ(release.licenses[0].source.describe(), shard_file(1) + " key general.license");
}

TEST(GgufSplit, AMissingShardIsAProblemNamingIt) {
  TempDir dir;
  const Release release = read_set(dir, whole_set(), {2});
  ASSERT_EQ(release.problems.size(), 1u) << problem_rules(release);
  EXPECT_EQ(release.problems[0].rule(), "gguf-split.missing-shard");
  EXPECT_NE(release.problems[0].detail().find(shard_file(2) + " is missing: 2 of 3"),
            std::string::npos)
      << release.problems[0].message();
}

TEST(GgufSplit, AMissingFirstShardLeavesNoLicenceAndIsAProblem) {
  TempDir dir;
  const Release release = read_set(dir, whole_set(), {1});
  EXPECT_EQ(problem_rules(release), "gguf-split.missing-shard ");
  EXPECT_TRUE(release.licenses.empty());
}

TEST(GgufSplit, KeysThatDisagreeWithTheNamesAreProblems) {
  auto shards = whole_set();
  shards[1].number = 2;          // says it is the third shard
  shards[2].split_keys = false;  // says nothing
  TempDir dir;
  const Release release = read_set(dir, shards);
  EXPECT_EQ(problem_rules(release), "gguf-split.number-mismatch gguf-split.no-split-keys ");
}

TEST(GgufSplit, SplitCountDisagreeingWithTheNameIsAProblem) {
  auto shards = whole_set();
  TempDir dir;
  for (int i = 0; i < 3; ++i) write_file(dir.path() / shard_file(i + 1), shard_bytes(shards[i]));
  auto wrong = shards[2];
  wrong.count = 5;
  write_file(dir.path() / shard_file(3), shard_bytes(wrong));
  write_file(dir.path() / "README.md", "# tiny\n");
  const Release release = read_folder(dir);
  EXPECT_EQ(problem_rules(release), "gguf-split.count-mismatch ");
}

TEST(GgufSplit, TensorsTwiceOrMissingFromTheTotalAreProblems) {
  auto shards = whole_set();
  shards[2].tensors[0] = "blk.0.attn_k.weight";  // also in shard 2
  shards[0].tensors_total = 7;
  TempDir dir;
  const Release release = read_set(dir, shards);
  EXPECT_EQ(problem_rules(release),
            "gguf-split.duplicate-tensor gguf-split.tensor-total-mismatch ");
}

TEST(GgufSplit, ShardsOfDifferentArchitecturesAreAProblem) {
  auto shards = whole_set();
  shards[2].architecture = "qwen2";
  TempDir dir;
  const Release release = read_set(dir, shards);
  EXPECT_EQ(problem_rules(release), "gguf-split.architecture-mismatch ");
}

TEST(GgufSplit, SplitKeysOnAFileNotNamedAsAShardAreAProblem) {
  TempDir dir;
  write_file(dir.path() / "renamed.gguf", shard_bytes(whole_set()[0]));
  write_file(dir.path() / "README.md", "# tiny\n");
  const Release release = read_folder(dir);
  EXPECT_EQ(problem_rules(release), "gguf-split.unnamed-shard ");
}

TEST(GgufSplit, OneFileWithoutSplitKeysIsNoSet) {
  TempDir dir;
  auto single = whole_set()[0];
  single.split_keys = false;
  write_file(dir.path() / "model.gguf", shard_bytes(single));
  const Release release = read_folder(dir);
  EXPECT_TRUE(release.problems.empty()) << problem_rules(release);
}

}  // namespace
}  // namespace owl
