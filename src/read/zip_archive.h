// A zip archive opened by libzip over the caller's bytes, and an
// incremental member reader: shared by the checkpoint reader
// (pytorch_zip.cpp) and the Keras archive reader (keras_archive.cpp).
#pragma once

#include <zip.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl::zip_archive {

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

// Opens `bytes` read-only. The entry count in the end-of-central-directory
// record is checked first, so a hostile count is refused before libzip
// allocates for it. Errors: "<rule_prefix>.too-many-entries" (over
// `max_entries`), "<rule_prefix>.bad-zip".
Expected<Archive> open_archive(Bytes bytes, std::string_view rule_prefix, uint64_t max_entries);

// Reads one member incrementally; a CRC mismatch is recorded, not fatal,
// because loaders that do not check CRCs (torch) would load the bytes.
class MemberReader {
 public:
  MemberReader(zip_t* archive, uint64_t index, bool raw);
  bool opened() const { return file_ != nullptr; }
  const std::string& error() const { return error_; }
  const std::string& data() const { return data_; }
  bool ended() const { return ended_; }
  bool crc_mismatch() const { return crc_mismatch_; }

  // Reads until `size` bytes are buffered or the member ends.
  bool fill(uint64_t size);

 private:
  struct FileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
  };
  std::unique_ptr<zip_file_t, FileCloser> file_;
  std::string data_;
  std::string error_;
  bool ended_ = false;
  bool crc_mismatch_ = false;
};

inline Bytes as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace owl::zip_archive
