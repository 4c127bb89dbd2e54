// Zip checkpoints (torch >= 1.6, .npz, any zip of pickles) read with libzip
// from the caller's buffer. Members are sniffed by their first bytes; only
// pickles (and object .npy members) are decompressed, up to kMaxPickleBytes.
#include <fmt/format.h>

#include <set>

#include "read/pickle_internal.h"
#include "read/pytorch_internal.h"
#include "read/torchscript_policy.h"
#include "read/zip_archive.h"

namespace owl::pytorch {

namespace {

constexpr uint64_t kSniffBytes = 4096;
// TorchScript source read per archive; the rest is a cannot-inspect finding.
constexpr uint64_t kMaxCodeBytes = uint64_t{64} << 20;
constexpr size_t kMaxRecordedOperators = 1024;

using zip_archive::as_bytes;
using zip_archive::MemberReader;

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

// "<root>/code/....py" (or "code/....py"): TorchScript source.
bool is_code_member(const std::string& name) {
  return name.ends_with(".py") &&
         (name.starts_with("code/") || name.find("/code/") != std::string::npos);
}

bool is_torchscript_marker(const std::string& name) {
  return is_code_member(name) || name == "constants.pkl" || name.ends_with("/constants.pkl");
}

class ZipReader {
 public:
  // `sniff_storages`: read each tensor storage's first bytes for a hidden
  // pickle; off when the bytes are fetched remotely (a storage is never
  // downloaded).
  ZipReader(zip_t* archive, int depth, bool sniff_storages)
      : archive_(archive), depth_(depth), sniff_storages_(sniff_storages) {}

  PytorchCheckpoint read();

 private:
  void read_member(uint64_t index, CheckpointEntry& entry, bool storage);
  void scan_member(CheckpointEntry& entry, MemberReader& reader, bool storage);
  void read_code(uint64_t index, const CheckpointEntry& entry);
  void note_operator(const std::string& member, const std::string& op);

  zip_t* archive_;
  int depth_;
  bool sniff_storages_;
  PytorchCheckpoint checkpoint_;
  Verdicts verdicts_;
  uint64_t code_bytes_ = 0;
  uint64_t code_files_ = 0;
  std::set<std::string> operators_seen_;
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
    checkpoint_.torchscript = checkpoint_.torchscript || is_torchscript_marker(entry.name);
    if (is_code_member(entry.name))
      read_code(i, entry);
    else if (!storage || sniff_storages_)
      read_member(i, entry, storage);
  }
  if (checkpoint_.torchscript)
    verdicts_.add_finding(
        Safety::kSuspicious, "code/",
        fmt::format("TorchScript: {} source files that torch.jit.load compiles and runs when the "
                    "module is called; owl lists the operators they call but does not judge a "
                    "program",
                    code_files_));
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

void ZipReader::read_code(uint64_t index, const CheckpointEntry& entry) {
  ++code_files_;
  if (entry.encrypted) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "cannot inspect: the member is encrypted");
    return;
  }
  if (code_bytes_ >= kMaxCodeBytes) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          fmt::format("cannot inspect: past the {} MiB of TorchScript source owl "
                                      "reads per archive",
                                      kMaxCodeBytes >> 20));
    return;
  }
  MemberReader reader(archive_, index, false);
  if (!reader.opened() || !reader.fill(kMaxCodeBytes - code_bytes_)) {
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "cannot inspect: the member cannot be read: " + reader.error());
    return;
  }
  code_bytes_ += reader.data().size();
  if (!reader.ended())
    verdicts_.add_finding(Safety::kSuspicious, entry.name,
                          "cannot inspect: only its first bytes were read (source cap)");
  for (const std::string& op : torchscript::called_operators(reader.data()))
    note_operator(entry.name, op);
}

void ZipReader::note_operator(const std::string& member, const std::string& op) {
  if (operators_seen_.insert(op).second &&
      checkpoint_.torchscript_operators.size() < kMaxRecordedOperators)
    checkpoint_.torchscript_operators.push_back(op);
  const auto [safety, why] = torchscript::judge_operator(op);
  if (safety != Safety::kSafe) verdicts_.add_finding(safety, member, "calls " + op + ": " + why);
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
  auto archive = zip_archive::open_archive(bytes, "pytorch", kMaxZipEntries);
  if (!archive) return archive.error();
  return ZipReader(archive->get(), depth, true).read();
}

Expected<PytorchCheckpoint> read_opened_zip(const zip_archive::Opened& archive) {
  PytorchCheckpoint checkpoint = ZipReader(archive.get(), 0, archive.input == nullptr).read();
  if (auto failure = archive.failure()) return *failure;
  return checkpoint;
}

}  // namespace owl::pytorch
