// A zip archive opened by libzip over the caller's bytes, and an
// incremental member reader: shared by the checkpoint reader
// (pytorch_zip.cpp) and the Keras archive reader (keras_archive.cpp).
#pragma once

#include <zip.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "owl/byte_source.h"
#include "owl/bytes.h"
#include "owl/error.h"

namespace owl::zip_archive {

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

// libzip's input when the bytes come through ByteSource::read (a remote
// file): a zip_source_function whose reads are served from the ranges
// fetched so far, and which fetches in blocks (64 KiB, doubling while
// libzip reads on sequentially, up to 8 MiB) so libzip's small reads of a
// central directory or a member do not each become a request. Only what
// libzip asks for is fetched: the end-of-central-directory record, the
// central directory, and the members a reader opens.
class RangedInput {
 public:
  explicit RangedInput(ByteSource& source) : source_(source) {}
  RangedInput(const RangedInput&) = delete;
  RangedInput& operator=(const RangedInput&) = delete;

  // Bytes [offset, offset + length) clipped to the file; empty after a
  // failed read, which failure() then holds.
  Bytes fetch(uint64_t offset, uint64_t length);
  uint64_t size() const { return source_.size(); }
  // Bytes of the file at `offset` already at hand (the sniff read): served
  // without a request. They must outlive the archive.
  void seed(uint64_t offset, Bytes bytes) { fetched_.emplace_back(offset, bytes); }
  const std::optional<Error>& failure() const { return failure_; }
  static zip_int64_t callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t cmd);

 private:
  zip_int64_t command(void* data, zip_uint64_t length, zip_source_cmd_t cmd);

  ByteSource& source_;
  std::vector<std::pair<uint64_t, Bytes>> fetched_;  // offset, bytes (the source keeps them)
  uint64_t position_ = 0;
  uint64_t next_block_ = 0;
  uint64_t last_end_ = UINT64_MAX;
  std::optional<Error> failure_;
  zip_error_t error_{};
};

// An open archive and, for a ranged input, the state its reads go through
// (declared first, so it outlives the archive).
struct Opened {
  std::unique_ptr<RangedInput> input;
  Archive archive;
  zip_t* get() const { return archive.get(); }
  // The source's own Error when a read failed (a network error): it, not
  // what libzip made of the missing bytes, is what went wrong.
  std::optional<Error> failure() const { return input ? input->failure() : std::nullopt; }
};

// Opens `bytes` read-only. The entry count in the end-of-central-directory
// record is checked first, so a hostile count is refused before libzip
// allocates for it. Errors: "<rule_prefix>.too-many-entries" (over
// `max_entries`), "<rule_prefix>.bad-zip".
Expected<Opened> open_archive(Bytes bytes, std::string_view rule_prefix, uint64_t max_entries);
// The same over a source: its whole mapping when it has one, else a
// RangedInput seeded with `head` (the file's first bytes, if at hand). A
// failed read of the source is that read's Error.
Expected<Opened> open_archive(ByteSource& source, std::string_view rule_prefix,
                              uint64_t max_entries, Bytes head = {});

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
