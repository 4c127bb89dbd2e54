// Files are opened only when they are regular files: a FIFO, socket or
// device is refused by type before open() could wait on it forever.
#include "owl/bytes.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_support.h"

namespace owl {
namespace {

using testing::TempDir;

// If a refusal regressed into a blocking open(), the alarm ends the test
// binary instead of hanging the suite.
class FifoRefusal : public ::testing::Test {
 protected:
  void SetUp() override {
    fifo_ = (dir_.path() / "model.gguf").string();
    ASSERT_EQ(::mkfifo(fifo_.c_str(), 0644), 0);
    ::alarm(20);
  }
  void TearDown() override { ::alarm(0); }

  TempDir dir_;
  std::string fifo_;
};

TEST_F(FifoRefusal, MappedFileRefusesAFifoWithoutBlocking) {
  auto file = MappedFile::open(fifo_);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().rule(), "file.not-regular");
  EXPECT_NE(file.error().detail().find("a FIFO"), std::string::npos);
}

TEST_F(FifoRefusal, ReadTextPrefixRefusesAFifoWithoutBlocking) {
  auto text = read_text_prefix(fifo_, 1024);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().rule(), "file.not-regular");
}

TEST(OpenRegularFile, RefusesDevicesAndDirectoriesAndReadsFiles) {
  auto device = open_regular_file("/dev/zero");
  ASSERT_FALSE(device.has_value());
  EXPECT_NE(device.error().detail().find("a character device"), std::string::npos);
  TempDir dir;
  auto folder = open_regular_file(dir.path().string());
  ASSERT_FALSE(folder.has_value());
  EXPECT_NE(folder.error().detail().find("a directory"), std::string::npos);
  testing::write_file(dir.path() / "LICENSE", "MIT License");
  auto text = read_text_prefix((dir.path() / "LICENSE").string(), 3);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "MIT");
}

// A small file is read, a larger one mapped: the same bytes either way,
// kept by a moved MappedFile, and an empty file is an empty span.
TEST(MappedFile, SmallFilesReadAndLargeOnesMappedGiveTheSameBytes) {
  TempDir dir;
  for (const size_t size : {size_t{0}, size_t{1}, MappedFile::kReadNotMapBytes,
                            MappedFile::kReadNotMapBytes + 1, 3 * MappedFile::kReadNotMapBytes}) {
    SCOPED_TRACE(size);
    std::string content(size, '\0');
    for (size_t i = 0; i < size; ++i) content[i] = static_cast<char>('a' + i % 23);
    const auto path = dir.path() / ("file-" + std::to_string(size));
    testing::write_file(path, content);
    auto opened = MappedFile::open(path.string());
    ASSERT_TRUE(opened.has_value());
    MappedFile moved = std::move(*opened);
    EXPECT_EQ(moved.size(), size);
    const Bytes bytes = moved.bytes();
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()), content);
  }
}

}  // namespace
}  // namespace owl
