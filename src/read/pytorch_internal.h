// Shared pieces of the checkpoint reader: caps, the findings collector and
// the per-container readers (zip in pytorch_zip.cpp, the rest in pytorch.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "owl/pickle.h"
#include "read/zip_archive.h"

namespace owl::pytorch {

// A pickle member is decompressed up to this size; the rest is not scanned.
inline constexpr uint64_t kMaxPickleBytes = uint64_t{64} << 20;
// Central directories claiming more members than this are refused before
// libzip allocates for them.
inline constexpr uint64_t kMaxZipEntries = uint64_t{1} << 17;
// Plain pickle streams are walked for at most this many pickles back to back.
inline constexpr int kMaxStreamPickles = 64;

// Collects pickles and findings, then judges the checkpoint: safety is the
// worst of every pickle and finding; findings are sorted worst first.
class Verdicts {
 public:
  void add_finding(Safety safety, std::string_view where, std::string_view text);
  void add_pickle(PytorchCheckpoint& checkpoint, std::string name, PickleScan scan);
  void finish(PytorchCheckpoint& checkpoint);

 private:
  std::vector<std::pair<Safety, std::string>> findings_;
};

struct NpyLayout {
  uint64_t data_offset = 0;
  bool object_dtype = false;  // the data is a pickle
};

// Parses a .npy header at the start of `bytes` (which starts with the magic).
Expected<NpyLayout> parse_npy_header(Bytes bytes);

// True when `bytes` start with the NumPy magic "\x93NUMPY".
bool is_npy(Bytes bytes);

Expected<PytorchCheckpoint> read_zip(Bytes bytes, int depth);
// The same reader over an archive already open (over a ByteSource). With a
// ranged input, tensor storages are not read at all (so not sniffed for a
// hidden pickle); a failed read of the source is the Error.
Expected<PytorchCheckpoint> read_opened_zip(const zip_archive::Opened& archive);

}  // namespace owl::pytorch
