// libzip over the caller's buffer or over a ByteSource's ranges, with the
// entry count checked before libzip reads the central directory.
#include "read/zip_archive.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace owl::zip_archive {

namespace {

constexpr uint64_t kChunk = 64 * 1024;

constexpr uint64_t kFirstBlock = 64 * 1024;
constexpr uint64_t kLargestBlock = 8 * 1024 * 1024;
constexpr uint64_t kEndRecordBytes = 22;
constexpr uint64_t kLongestComment = 65535;
// The end of a remote zip fetched at once: more than libzip's own search
// for the end records reads (a comment's worth, the zip64 locator, and a
// byte), and with it a small central directory.
constexpr uint64_t kTailBytes = 128 * 1024;

// The entry count from the end-of-central-directory record (zip64 aware).
// `tail` is the file's last bytes; `fetch(offset, length)` reads the
// zip64 record, which may lie before the tail.
template <class Fetch>
uint64_t claimed_entry_count(Bytes tail, Fetch fetch) {
  if (tail.size() < kEndRecordBytes) return 0;
  const size_t lowest = tail.size() > kEndRecordBytes + kLongestComment
                            ? tail.size() - kEndRecordBytes - kLongestComment
                            : 0;
  for (size_t at = tail.size() - kEndRecordBytes + 1; at-- > lowest;) {
    if (std::memcmp(tail.data() + at, "PK\x05\x06", 4) != 0) continue;
    ByteCursor cursor(tail.subspan(at + 10));
    uint16_t total = 0;
    cursor.read_u16(total);
    uint64_t count = total;
    if (at >= 20 && std::memcmp(tail.data() + at - 20, "PK\x06\x07", 4) == 0) {
      ByteCursor locator(tail.subspan(at - 20 + 8));
      uint64_t record = 0;
      if (locator.read_u64(record)) {
        const Bytes zip64 = fetch(record, 40);
        if (zip64.size() == 40 && std::memcmp(zip64.data(), "PK\x06\x06", 4) == 0) {
          ByteCursor total_field(zip64.subspan(32));
          uint64_t total64 = 0;
          if (total_field.read_u64(total64)) count = std::max(count, total64);
        }
      }
    }
    return count;
  }
  return 0;
}

Error bad_zip(const std::string& prefix, zip_error_t& error, const char* what) {
  std::string detail = std::string(what) + zip_error_strerror(&error);
  zip_error_fini(&error);
  return Error::corrupt("", std::nullopt, prefix + ".bad-zip", detail);
}

Status check_entry_count(uint64_t claimed, const std::string& prefix, uint64_t max_entries) {
  if (claimed <= max_entries) return Ok{};
  return Error::limit("", std::nullopt, prefix + ".too-many-entries",
                      fmt::format("the central directory claims {} members; owl reads at most {}",
                                  claimed, max_entries));
}

Expected<Opened> open_from(zip_source_t* source, zip_error_t& error, const std::string& prefix,
                           std::unique_ptr<RangedInput> input) {
  Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(source);
    if (input && input->failure()) {
      zip_error_fini(&error);
      return *input->failure();
    }
    return bad_zip(prefix, error, "libzip cannot open the archive: ");
  }
  zip_error_fini(&error);
  return Opened{std::move(input), std::move(archive)};
}

}  // namespace

Expected<Opened> open_archive(Bytes bytes, std::string_view rule_prefix, uint64_t max_entries) {
  const std::string prefix(rule_prefix);
  const auto fetch = [&](uint64_t offset, uint64_t length) {
    if (offset > bytes.size()) return Bytes();
    return bytes.subspan(static_cast<size_t>(offset),
                         static_cast<size_t>(std::min<uint64_t>(length, bytes.size() - offset)));
  };
  if (auto count = check_entry_count(claimed_entry_count(bytes, fetch), prefix, max_entries);
      !count)
    return count.error();
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return bad_zip(prefix, error, "");
  return open_from(source, error, prefix, nullptr);
}

Expected<Opened> open_archive(ByteSource& source, std::string_view rule_prefix,
                              uint64_t max_entries, Bytes head) {
  if (const auto whole = source.whole()) return open_archive(*whole, rule_prefix, max_entries);
  const std::string prefix(rule_prefix);
  auto input = std::make_unique<RangedInput>(source);
  if (!head.empty()) input->seed(0, head);
  const uint64_t tail_length = std::min(source.size(), kTailBytes);
  const uint64_t tail_offset = source.size() - tail_length;
  const Bytes tail = input->fetch(tail_offset, tail_length);
  const auto fetch = [&](uint64_t offset, uint64_t length) { return input->fetch(offset, length); };
  const uint64_t claimed = claimed_entry_count(tail, fetch);
  if (input->failure()) return *input->failure();
  if (auto count = check_entry_count(claimed, prefix, max_entries); !count) return count.error();
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* zip_source =
      zip_source_function_create(&RangedInput::callback, input.get(), &error);
  if (zip_source == nullptr) return bad_zip(prefix, error, "");
  return open_from(zip_source, error, prefix, std::move(input));
}

Bytes RangedInput::fetch(uint64_t offset, uint64_t length) {
  if (offset >= source_.size() || length == 0) return {};
  length = std::min(length, source_.size() - offset);
  for (const auto& [start, bytes] : fetched_)
    if (offset >= start && offset + length <= start + bytes.size())
      return bytes.subspan(static_cast<size_t>(offset - start), static_cast<size_t>(length));
  if (failure_) return {};
  // Sequential reads (a member being inflated) fetch ever larger blocks.
  next_block_ = offset == last_end_ ? std::min(next_block_ * 2, kLargestBlock) : kFirstBlock;
  auto range = source_.read(offset, std::max(length, next_block_));
  if (!range) {
    failure_ = range.error().in_file(source_.name());
    return {};
  }
  if (range->size() < length) {
    failure_ = Error::io(source_.name(), "read.short",
                         fmt::format("asked for {} bytes at offset {}, the source gave {}", length,
                                     offset, range->size()));
    return {};
  }
  fetched_.emplace_back(offset, *range);
  last_end_ = offset + range->size();
  return range->first(static_cast<size_t>(length));
}

zip_int64_t RangedInput::callback(void* state, void* data, zip_uint64_t length,
                                  zip_source_cmd_t cmd) {
  return static_cast<RangedInput*>(state)->command(data, length, cmd);
}

zip_int64_t RangedInput::command(void* data, zip_uint64_t length, zip_source_cmd_t cmd) {
  switch (cmd) {
    case ZIP_SOURCE_OPEN: position_ = 0; return 0;
    case ZIP_SOURCE_READ: {
      const uint64_t wanted = std::min<uint64_t>(length, size() - std::min(position_, size()));
      if (wanted == 0) return 0;
      const Bytes bytes = fetch(position_, wanted);
      if (bytes.size() != wanted) {
        zip_error_set(&error_, ZIP_ER_READ, 0);
        return -1;
      }
      std::memcpy(data, bytes.data(), bytes.size());
      position_ += wanted;
      return static_cast<zip_int64_t>(wanted);
    }
    case ZIP_SOURCE_CLOSE: return 0;
    case ZIP_SOURCE_STAT: {
      auto* stat = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, length, &error_);
      if (stat == nullptr) return -1;
      zip_stat_init(stat);
      stat->size = size();
      stat->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&error_, data, length);
    case ZIP_SOURCE_FREE: return 0;  // the Opened owns this state
    case ZIP_SOURCE_SEEK: {
      const zip_int64_t to =
          zip_source_seek_compute_offset(position_, size(), data, length, &error_);
      if (to < 0) return -1;
      position_ = static_cast<uint64_t>(to);
      return 0;
    }
    case ZIP_SOURCE_TELL: return static_cast<zip_int64_t>(position_);
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(
          ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
          ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS, -1);
    default: zip_error_set(&error_, ZIP_ER_OPNOTSUPP, 0); return -1;
  }
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
