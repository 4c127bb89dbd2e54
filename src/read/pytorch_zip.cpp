// Zip checkpoints (torch >= 1.6, .npz, any zip of pickles) read with libzip
// from the caller's buffer. Members are sniffed by their first bytes; only
// pickles (and object .npy members) are decompressed, up to kMaxPickleBytes.
#include <fmt/format.h>
#include <zip.h>

#include <cstring>
#include <memory>
#include <set>

#include "read/pickle_internal.h"
#include "read/pytorch_internal.h"

namespace owl::pytorch {

namespace {

constexpr uint64_t kSniffBytes = 4096;
constexpr uint64_t kChunk = 64 * 1024;

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// The entry count from the end-of-central-directory record (zip64 aware),
// read before libzip so a hostile count is refused before it allocates.
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

// Reads one member incrementally; a CRC mismatch is recorded, not fatal,
// because torch's reader does not check CRCs and would load the bytes.
class MemberReader {
 public:
  MemberReader(zip_t* archive, uint64_t index, bool raw)
      : file_(zip_fopen_index(archive, index, raw ? ZIP_FL_ENCRYPTED : 0)) {
    if (!file_) error_ = zip_strerror(archive);
  }
  bool opened() const { return file_ != nullptr; }
  const std::string& error() const { return error_; }
  const std::string& data() const { return data_; }
  bool ended() const { return ended_; }
  bool crc_mismatch() const { return crc_mismatch_; }

  // Reads until `size` bytes are buffered or the member ends.
  bool fill(uint64_t size) {
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

 private:
  std::unique_ptr<zip_file_t, FileCloser> file_;
  std::string data_;
  std::string error_;
  bool ended_ = false;
  bool crc_mismatch_ = false;
};

Bytes as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// "<root>/data/<key>" next to a "<root>/data.pkl": a raw tensor storage.
bool is_storage_member(const std::string& name, const std::set<std::string>& names) {
  const size_t at = name.rfind("/data/");
  const bool top = name.starts_with("data/");
  if (at == std::string::npos && !top) return false;
  const size_t leaf = at == std::string::npos ? 5 : at + 6;
  if (leaf >= name.size() || name.find('/', leaf) != std::string::npos) return false;
  const std::string root = at == std::string::npos ? "" : name.substr(0, at + 1);
  return names.count(root + "data.pkl") > 0;
}

class ZipReader {
 public:
  ZipReader(zip_t* archive, int depth) : archive_(archive), depth_(depth) {}

  PytorchCheckpoint read();

 private:
  void read_member(uint64_t index, CheckpointEntry& entry, bool storage);
  void scan_member(CheckpointEntry& entry, MemberReader& reader, bool storage);

  zip_t* archive_;
  int depth_;
  PytorchCheckpoint checkpoint_;
  Verdicts verdicts_;
};

PytorchCheckpoint ZipReader::read() {
  checkpoint_.container = PytorchCheckpoint::Container::kZip;
  const zip_int64_t count = zip_get_num_entries(archive_, 0);
  std::vector<zip_stat_t> stats;
  std::set<std::string> names;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_, static_cast<uint64_t>(i), 0, &stat) != 0) {
      verdicts_.add_finding(
          Safety::kSuspicious, fmt::format("entry {}", i),
          std::string("unreadable central directory entry: ") + zip_strerror(archive_));
      stat.valid = 0;
    }
    stats.push_back(stat);
    CheckpointEntry entry;
    entry.name = (stat.valid & ZIP_STAT_NAME) && stat.name ? stat.name : fmt::format("entry {}", i);
    entry.uncompressed_size = (stat.valid & ZIP_STAT_SIZE) ? stat.size : 0;
    entry.compressed_size = (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0;
    entry.encrypted =
        (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE;
    names.insert(entry.name);
    checkpoint_.entries.push_back(std::move(entry));
  }
  for (size_t i = 0; i < checkpoint_.entries.size(); ++i) {
    CheckpointEntry& entry = checkpoint_.entries[i];
    if (stats[i].valid == 0) continue;
    const bool storage = is_storage_member(entry.name, names);
    if (storage && !checked_add(checkpoint_.storage_bytes, entry.uncompressed_size,
                                checkpoint_.storage_bytes)) {
      checkpoint_.storage_bytes = UINT64_MAX;
    }
    read_member(i, entry, storage);
  }
  verdicts_.finish(checkpoint_);
  return std::move(checkpoint_);
}

void ZipReader::read_member(uint64_t index, CheckpointEntry& entry, bool storage) {
  MemberReader reader(archive_, index, entry.encrypted);
  if (!reader.opened() || !reader.fill(kSniffBytes)) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "member cannot be read, so it was not scanned: " + reader.error());
    return;
  }
  const Bytes head = as_bytes(reader.data());
  const bool pickle_head = looks_like_pickle(head);
  if (entry.encrypted && !pickle_head && !is_npy(head)) {
    if (!storage) {
      verdicts_.add_finding(Safety::kSuspicious, entry.name,
                            "member is encrypted, so its contents could not be scanned");
    }
    return;
  }
  if (!pickle_head && !is_npy(head)) return;
  if (entry.encrypted) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "flagged as encrypted but stored as a plain pickle: readers that ignore "
                          "the flag (torch) load it while scanners that honour it skip it");
  }
  if (!reader.fill(kMaxPickleBytes)) {
    verdicts_.add_finding(
        Safety::kSuspicious, entry.name,
        "member cannot be decompressed, so it was not scanned: " + reader.error());
    return;
  }
  scan_member(entry, reader, storage);
}

void ZipReader::scan_member(CheckpointEntry& entry, MemberReader& reader, bool storage) {
  Bytes data = as_bytes(reader.data());
  uint64_t base = 0;
  if (is_npy(data)) {
    auto layout = parse_npy_header(data);
    if (!layout || !layout->object_dtype) return;
    base = layout->data_offset;
    data = data.subspan(static_cast<size_t>(base));
  }
  auto scan = pickle::scan_pickle_at_depth(data, base, depth_);
  // Raw tensor bytes can start like a pickle by chance; torch never
  // unpickles a storage, so only a complete pickle with imports is reported.
  if (storage && (!scan || !scan->complete || scan->imports.empty())) return;
  entry.is_pickle = true;
  if (storage) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "a tensor storage member holds a complete pickle");
  }
  if (reader.crc_mismatch()) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "CRC mismatch: strict zip readers refuse this member, torch loads it");
  }
  if (!reader.ended()) {
    verdicts_.add_finding(
        Safety::kSuspicious, entry.name,
        fmt::format("larger than {} MiB; only that much was scanned", kMaxPickleBytes >> 20));
  }
  if (!scan) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "starts like a pickle but does not decode: " + scan.error().message());
    return;
  }
  if (scan->complete && scan->trailing_bytes > 0) {
    verdicts_.add_finding(
        Safety::kSuspicious, entry.name,
        fmt::format("{} bytes follow the pickle's STOP (appended data)", scan->trailing_bytes));
  }
  verdicts_.add_pickle(checkpoint_, entry.name, std::move(*scan));
}

}  // namespace

Expected<PytorchCheckpoint> read_zip(Bytes bytes, int depth) {
  if (const uint64_t claimed = claimed_entry_count(bytes); claimed > kMaxZipEntries) {
    return Error::limit("", std::nullopt, "pytorch.too-many-entries",
                        fmt::format("the central directory claims {} members; owl reads at most {}",
                                    claimed, kMaxZipEntries));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error::corrupt("", std::nullopt, "pytorch.bad-zip", detail);
  }
  Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(source);
    std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error::corrupt("", std::nullopt, "pytorch.bad-zip",
                          "libzip cannot open the archive: " + detail);
  }
  zip_error_fini(&error);
  return ZipReader(archive.get(), depth).read();
}

}  // namespace owl::pytorch
