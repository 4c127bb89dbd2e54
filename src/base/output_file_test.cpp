#include "owl/output_file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;

size_t entries_in(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(OutputFile, WritesAndReplacesTheWholeFile) {
  testing::TempDir dir;
  const fs::path target = dir.path() / "report.txt";
  ASSERT_TRUE(write_file_atomically(target.string(), "first version, longer\n"));
  EXPECT_EQ(testing::read_file(target), "first version, longer\n");
  ASSERT_TRUE(write_file_atomically(target.string(), "second\n"));
  EXPECT_EQ(testing::read_file(target), "second\n");  // replaced, not overwritten in place
  EXPECT_EQ(entries_in(dir.path()), 1u);              // no temporary left beside it
}

TEST(OutputFile, FailureLeavesNoFileAndNoTemporary) {
  testing::TempDir dir;
  auto missing_dir = write_file_atomically((dir.path() / "no-such-dir" / "r.txt").string(), "x");
  ASSERT_FALSE(missing_dir);
  EXPECT_EQ(missing_dir.error().kind(), ErrorKind::kIo);
  EXPECT_NE(missing_dir.error().file().find("no-such-dir"), std::string::npos);
  // A directory in the way: the temporary is written, the rename fails and
  // the temporary is removed again.
  fs::create_directory(dir.path() / "taken");
  auto onto_directory = write_file_atomically((dir.path() / "taken").string(), "x");
  ASSERT_FALSE(onto_directory);
  EXPECT_TRUE(fs::is_directory(dir.path() / "taken"));
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

}  // namespace
}  // namespace owl
