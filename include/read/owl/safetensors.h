// safetensors header reader and sharded-index reader.
//
// Byte layout:
//   1. header length N, u64 little-endian (capped at 100 MB like the
//      reference parser)
//   2. N bytes of UTF-8 JSON: an object of tensor name -> {"dtype", "shape",
//      "data_offsets": [begin, end]} plus an optional "__metadata__" object
//      of string -> string
//   3. the data buffer; offsets are relative to its start, and the tensors
//      must tile it exactly: sorted, no holes, no overlaps, each
//      end - begin == product(shape) * dtype size, and no trailing bytes.
// Sub-byte dtypes (F4, F6_*) are sized in bits: a tensor whose bit count is
// not a whole number of bytes is an error, as in the reference parser.
// Thread-safe: pure functions over immutable input.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl {

inline constexpr uint64_t kSafetensorsMaxHeader = 100'000'000;

struct SafetensorsTensor {
  std::string name;
  std::string dtype;  // "F32", "BF16", "F8_E4M3", ...
  std::vector<uint64_t> shape;
  uint64_t begin = 0;
  uint64_t end = 0;
};

struct SafetensorsFile {
  uint64_t header_length = 0;
  std::map<std::string, std::string> metadata;  // __metadata__
  std::vector<SafetensorsTensor> tensors;       // in file order
  uint64_t parameter_count = 0;
  std::map<std::string, uint64_t> dtype_parameters;  // dtype -> parameters
  uint64_t data_size = 0;
  // Oddities the reference loader accepts but an auditor should see, each
  // "rule: detail", e.g. "safetensors.tensor-extra-field: ...": a tensor
  // entry with keys beyond dtype/shape/data_offsets (serde ignores them, so
  // they can carry hidden text).
  std::vector<std::string> warnings;
};

// `bytes` is the whole file (a mapping; only the header pages are touched).
Expected<SafetensorsFile> read_safetensors(Bytes bytes);
// The same reader for a file whose bytes are fetched on demand: `start` is
// the file's first bytes and must hold the 8-byte length and the whole JSON
// header (read_safetensors_header_length says how far that is); the data
// offsets are checked against `file_size`. With the whole file as `start`
// the result is exactly read_safetensors(bytes).
Expected<SafetensorsFile> read_safetensors(Bytes start, uint64_t file_size);
// The header length from the file's first 8 bytes, checked against the cap
// and the file size: the rules read_safetensors reports for it.
Expected<uint64_t> read_safetensors_header_length(Bytes start, uint64_t file_size);

// model.safetensors.index.json. Shard names must be plain relative paths
// (no ".." component, no absolute or drive-letter path): a loader joins them to the
// repository directory.
struct SafetensorsIndex {
  std::optional<uint64_t> total_size;             // metadata.total_size
  std::map<std::string, std::string> metadata;    // other metadata, as text
  std::map<std::string, std::string> weight_map;  // tensor -> shard file
  std::vector<std::string> shards;                // distinct shard files, sorted
};

Expected<SafetensorsIndex> read_safetensors_index(std::string_view json_text);

}  // namespace owl
