// GGUF header reader (versions 2 and 3), after ggml's own gguf.cpp rules.
//
// Byte layout (little-endian):
//   1. magic "GGUF" (4 bytes)
//   2. version u32 (2 or 3; version 1 used u32 counts and is refused)
//   3. tensor count u64, then key/value count u64
//   4. key/value pairs: key (u64 length + UTF-8 bytes), value type u32, value
//      (strings are u64 length + bytes; arrays are element type u32 + u64
//      count + elements)
//   5. tensor infos: name (string), n_dims u32 (<= 4), dims u64[n_dims],
//      ggml type u32, offset u64 (relative to the data section)
//   6. padding to general.alignment (default 32, a power of two)
//   7. tensor data (never read by owl)
//
// The reader validates everything before it allocates by what a field
// claims: lengths and counts are checked against the bytes that remain,
// sizes are overflow-checked, keys are unique and non-empty, and each tensor
// lies inside the file. Thread-safe: pure functions over immutable input.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl {

enum class GgufType : uint32_t {
  kUint8 = 0,
  kInt8 = 1,
  kUint16 = 2,
  kInt16 = 3,
  kUint32 = 4,
  kInt32 = 5,
  kFloat32 = 6,
  kBool = 7,
  kString = 8,
  kArray = 9,
  kUint64 = 10,
  kInt64 = 11,
  kFloat64 = 12,
};
const char* to_string(GgufType type);

struct GgufArray;

// A scalar or an array; integers keep their sign, floats widen to double.
using GgufValue = std::variant<uint64_t, int64_t, double, bool, std::string, GgufArray>;

struct GgufArray {
  GgufType element_type = GgufType::kUint8;
  uint64_t count = 0;  // elements in the file
  // The first elements only (see kGgufArrayKeep): a 150k-token vocabulary is
  // summarised, not copied. Nested arrays keep their own summary.
  std::vector<GgufValue> head;
};

inline constexpr size_t kGgufArrayKeep = 64;

struct GgufKeyValue {
  std::string key;
  GgufType type = GgufType::kUint8;
  GgufValue value;
  uint64_t offset = 0;  // where the key starts in the file
};

struct GgufTensorInfo {
  std::string name;
  std::vector<uint64_t> dims;
  uint32_t ggml_type = 0;
  uint64_t offset = 0;  // relative to the data section
  uint64_t n_elements = 0;
  uint64_t n_bytes = 0;
};

struct GgufFile {
  uint32_t version = 0;
  uint64_t alignment = 32;
  uint64_t data_offset = 0;  // absolute offset of the tensor data section
  std::vector<GgufKeyValue> metadata;
  std::vector<GgufTensorInfo> tensors;
  uint64_t parameter_count = 0;
  // ggml type name ("F32", "Q4_K", ...) -> number of tensors of that type.
  std::map<std::string, uint64_t> tensor_types;

  const GgufKeyValue* find(std::string_view key) const;
  std::optional<std::string> get_string(std::string_view key) const;
  std::optional<uint64_t> get_uint(std::string_view key) const;
};

// The `general.*` keys that matter for licensing and lineage, gathered.
struct GgufBaseModel {
  std::optional<std::string> name, organization, version, repo_url;
};
struct GgufDataset {
  std::optional<std::string> name, organization, version, repo_url;
};
struct GgufGeneral {
  std::optional<std::string> name, architecture, license, license_name, license_link;
  std::optional<std::string> source_url, source_repo_url, organization, finetune, size_label;
  std::optional<uint64_t> file_type;
  std::vector<GgufBaseModel> base_models;
  std::vector<GgufDataset> datasets;  // both general.datasets and general.dataset.N.*
  std::vector<std::string> tags, languages;
  bool has_chat_template = false;
};

const char* ggml_type_name(uint32_t ggml_type);

// `bytes` is the whole file (a mapping; only the header pages are touched).
Expected<GgufFile> read_gguf(Bytes bytes);
// The same reader over the file's first bytes, for a file whose bytes are
// fetched on demand (a ByteSource without a whole mapping): every check,
// tensor data offsets included, is made against `file_size`, and a header
// that goes on past `prefix` is the Error kGgufNeedsMoreBytes (ask again
// with a longer prefix), never a corruption. With the whole file as the
// prefix the result is exactly read_gguf(bytes).
inline constexpr std::string_view kGgufNeedsMoreBytes = "gguf.needs-more-bytes";
Expected<GgufFile> read_gguf(Bytes prefix, uint64_t file_size);

// What a prefix that ran out says about the bytes still to fetch.
struct GgufPrefixNeed {
  // The reader needs the file's bytes at least up to here (> the prefix).
  uint64_t needed_end = 0;
  // Where the metadata and tensor infos probably end (>= needed_end), when
  // the reader got far enough to say: the array it stopped in projected
  // from the mean size of the elements read so far, the key/values left
  // from the mean size of those read, the tensor infos from the mean size of
  // those read (or a typical size before the first). A guess from
  // untrusted counts, capped at the file size: use it to size a fetch,
  // never to decide anything. nullopt before the key/value section.
  std::optional<uint64_t> header_end;
};
// read_gguf(prefix, file_size), filling `need` when the outcome is
// kGgufNeedsMoreBytes.
Expected<GgufFile> read_gguf(Bytes prefix, uint64_t file_size, GgufPrefixNeed& need);
GgufGeneral gguf_general(const GgufFile& file);
// tokenizer.chat_template, or a named template tokenizer.chat_template.<name>.
bool is_chat_template_key(std::string_view key);

}  // namespace owl
