// Zip archives built by a test with libzip: members stored or deflated, and
// optionally encrypted, so readers meet the layouts real tools write.
#pragma once

#include <gtest/gtest.h>
#include <zip.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace owl::testing {

struct ZipMember {
  std::string name;
  std::string data;
  bool deflate = false;
  bool encrypt = false;  // AES-256 with a password the reader never has
};

inline std::string make_zip(const std::vector<ZipMember>& members) {
  TempDir dir;
  const std::string path = (dir.path() / "archive.zip").string();
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const ZipMember& member : members) {
    zip_source_t* source = zip_source_buffer(archive, member.data.data(), member.data.size(), 0);
    const zip_int64_t index = zip_file_add(archive, member.name.c_str(), source, 0);
    EXPECT_GE(index, 0);
    const auto at = static_cast<zip_uint64_t>(index);
    zip_set_file_compression(archive, at, member.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    if (member.encrypt) {
      EXPECT_EQ(zip_file_set_encryption(archive, at, ZIP_EM_AES_256, "not-given"), 0);
    }
  }
  EXPECT_EQ(zip_close(archive), 0);
  return read_file(path);
}

}  // namespace owl::testing
