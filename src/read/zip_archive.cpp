// libzip over the caller's buffer, with the entry count checked before
// libzip reads the central directory.
#include "read/zip_archive.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace owl::zip_archive {

namespace {

constexpr uint64_t kChunk = 64 * 1024;

// The entry count from the end-of-central-directory record (zip64 aware).
uint64_t claimed_entry_count(Bytes bytes) {
  if (bytes.size() < 22) return 0;
  const size_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
  for (size_t at = bytes.size() - 22 + 1; at-- > lowest;) {
    if (std::memcmp(bytes.data() + at, "PK\x05\x06", 4) != 0) continue;
    ByteCursor cursor(bytes.subspan(at + 10));
    uint16_t total = 0;
    cursor.read_u16(total);
    uint64_t count = total;
    if (at >= 20 && std::memcmp(bytes.data() + at - 20, "PK\x06\x07", 4) == 0) {
      ByteCursor locator(bytes.subspan(at - 20 + 8));
      uint64_t record = 0;
      if (locator.read_u64(record) && record + 40 <= bytes.size() &&
          std::memcmp(bytes.data() + record, "PK\x06\x06", 4) == 0) {
        ByteCursor zip64(bytes.subspan(static_cast<size_t>(record) + 32));
        uint64_t total64 = 0;
        if (zip64.read_u64(total64)) count = std::max(count, total64);
      }
    }
    return count;
  }
  return 0;
}

}  // namespace

Expected<Archive> open_archive(Bytes bytes, std::string_view rule_prefix, uint64_t max_entries) {
  const std::string prefix(rule_prefix);
  if (const uint64_t claimed = claimed_entry_count(bytes); claimed > max_entries) {
    return Error::limit("", std::nullopt, prefix + ".too-many-entries",
                        fmt::format("the central directory claims {} members; owl reads at most {}",
                                    claimed, max_entries));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error::corrupt("", std::nullopt, prefix + ".bad-zip", detail);
  }
  Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(source);
    std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error::corrupt("", std::nullopt, prefix + ".bad-zip",
                          "libzip cannot open the archive: " + detail);
  }
  zip_error_fini(&error);
  return archive;
}

MemberReader::MemberReader(zip_t* archive, uint64_t index, bool raw)
    : file_(zip_fopen_index(archive, index, raw ? ZIP_FL_ENCRYPTED : 0)) {
  if (!file_) error_ = zip_strerror(archive);
}

bool MemberReader::fill(uint64_t size) {
  char chunk[kChunk];
  while (!ended_ && data_.size() < size) {
    const uint64_t want = std::min<uint64_t>(kChunk, size - data_.size());
    const zip_int64_t got = zip_fread(file_.get(), chunk, want);
    if (got < 0) {
      const zip_error_t* error = zip_file_get_error(file_.get());
      ended_ = true;
      if (zip_error_code_zip(error) == ZIP_ER_CRC) {
        crc_mismatch_ = true;
        return true;
      }
      error_ = zip_file_strerror(file_.get());
      return false;
    }
    if (got == 0) ended_ = true;
    data_.append(chunk, static_cast<size_t>(got));
  }
  return true;
}

}  // namespace owl::zip_archive
