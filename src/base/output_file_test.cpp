#include "owl/output_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

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

TEST(SpillBuffer, GivesBackWhatWasAppendedInOrderAcrossTheSpill) {
  SpillBuffer spill;
  EXPECT_TRUE(spill.empty());
  std::string expected;
  for (int i = 0; expected.size() <= 3 * SpillBuffer::kMemoryBytes; ++i) {
    const std::string line = "line " + std::to_string(i) + "\n";
    if (i % 2 == 0)
      spill.append(line);
    else
      spill.stream() << line;
    expected += line;
  }
  EXPECT_FALSE(spill.empty());
  for (int twice = 0; twice < 2; ++twice) {  // read back, then again
    std::ostringstream out;
    ASSERT_TRUE(spill.copy_to(out));
    EXPECT_EQ(out.str(), expected);
  }
  spill.append("after");  // appends after a read go at the end
  std::string read;
  ASSERT_TRUE(spill.read([&](std::string_view chunk) { read.append(chunk); }));
  EXPECT_EQ(read, expected + "after");
}

TEST(SpillBuffer, UnwritableTemporaryDirectoryIsAnError) {
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  setenv("TMPDIR", "/nonexistent/owl-tmp", 1);
  SpillBuffer spill;
  spill.append(std::string(SpillBuffer::kMemoryBytes + 1, 'x'));
  if (before)
    setenv("TMPDIR", saved.c_str(), 1);
  else
    unsetenv("TMPDIR");
  std::ostringstream out;
  const auto copied = spill.copy_to(out);
  ASSERT_FALSE(copied);
  EXPECT_NE(copied.error().message().find("/nonexistent/owl-tmp"), std::string::npos);
}

}  // namespace
}  // namespace owl
