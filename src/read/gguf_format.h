// GGUF format constants shared by the reader (src/read/gguf_*.cpp) and the
// test file builder (tests/builders/gguf_builder.h), so the two cannot drift
// apart. Facts about the format live here; rules about what owl accepts
// (caps) live next to them, marked as owl's own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace owl::gguf_format {

inline constexpr std::string_view kMagic = "GGUF";
inline constexpr uint32_t kOldestVersion = 2;  // version 1 used u32 counts
inline constexpr uint32_t kNewestVersion = 3;
inline constexpr uint64_t kDefaultAlignment = 32;
inline constexpr std::string_view kAlignmentKey = "general.alignment";
inline constexpr uint32_t kMaxDims = 4;            // GGML_MAX_DIMS
inline constexpr size_t kMaxTensorNameBytes = 64;  // the spec's limit on tensor names
inline constexpr size_t kMaxKeyBytes = 65535;      // the spec's limit on key names
inline constexpr uint32_t kValueTypeCount = 13;    // GgufType::kUint8 .. kFloat64
inline constexpr uint32_t kGgmlTypeCount = 40;     // GGML_TYPE_COUNT (MXFP4 = 39 is the last)

// owl's cap: ggml reads no nested arrays at all and the spec sets no limit;
// real files never nest, so a handful of levels is generous.
inline constexpr uint32_t kMaxArrayNesting = 8;

// Smallest encodings, used to check a claimed count against the bytes left
// before anything is read or reserved.
inline constexpr uint64_t kMinKeyValueBytes = 8 + 1 + 4 + 1;  // length, 1-byte key, type, u8
inline constexpr uint64_t kMinTensorInfoBytes =
    8 + 4 + 4 + 8;                                    // empty name, n_dims 0, type, offset
inline constexpr uint64_t kArrayHeaderBytes = 4 + 8;  // element type, count
inline constexpr uint64_t kStringHeaderBytes = 8;

// ggml's per-type storage: `block_size` elements take `type_size` bytes.
// Ids ggml retired keep their name and have block_size 0.
struct GgmlTypeTraits {
  const char* name;
  uint32_t block_size;
  uint32_t type_size;
};

// nullptr for ids at or past kGgmlTypeCount.
const GgmlTypeTraits* ggml_type_traits(uint32_t ggml_type);

}  // namespace owl::gguf_format
