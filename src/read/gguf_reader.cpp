// read_gguf: header, key/value section, alignment, then the tensor infos
// (gguf_tensors.cpp) and the data-section checks. Values are decoded in
// gguf_values.cpp. The order of checks follows ggml's gguf_init_from_file so
// files ggml refuses are refused here too, with the reason as a value.
#include <fmt/format.h>

#include <bit>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "owl/gguf.h"
#include "read/gguf_format.h"
#include "read/gguf_tensors.h"
#include "read/gguf_values.h"

namespace owl {

namespace {

using gguf_detail::enter_section;
using gguf_detail::GgufCursor;
using gguf_detail::GgufProgress;
using gguf_detail::item_done;
using gguf_detail::read_string;
using gguf_detail::truncated;
using gguf_format::kAlignmentKey;
using gguf_format::kDefaultAlignment;
using gguf_format::kMagic;
using gguf_format::kMaxKeyBytes;
using gguf_format::kMinKeyValueBytes;
using gguf_format::kMinTensorInfoBytes;
using gguf_format::kNewestVersion;
using gguf_format::kOldestVersion;

std::string printable(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte >= 0x20 && byte < 0x7f) ? std::string(1, c) : fmt::format("\\x{:02x}", byte);
  }
  return out;
}

Status check_magic(GgufCursor& cursor) {
  std::string_view magic;
  if (!cursor.read_string(kMagic.size(), magic)) {
    return truncated(cursor, "the magic 'GGUF'", kMagic.size());
  }
  if (magic != kMagic) {
    return Error::corrupt("", 0, "gguf.bad-magic",
                          fmt::format("expected 'GGUF', found '{}'", printable(magic)));
  }
  return Ok{};
}

Expected<uint32_t> read_version(GgufCursor& cursor) {
  uint32_t version = 0;
  if (!cursor.read_u32(version)) return truncated(cursor, "the version", 4);
  if (version >= kOldestVersion && version <= kNewestVersion) return version;
  const uint32_t swapped = __builtin_bswap32(version);
  if (swapped >= kOldestVersion && swapped <= kNewestVersion) {
    return Error::unsupported("", "gguf.big-endian",
                              fmt::format("version {} written big-endian; this build reads "
                                          "little-endian files only",
                                          swapped));
  }
  return Error::unsupported("", "gguf.unsupported-version",
                            fmt::format("version {}, this build reads {} and {}", version,
                                        kOldestVersion, kNewestVersion));
}

// A count is refused when even the smallest encoding of that many items
// would not fit in the bytes left: nothing is sized by the claim.
Expected<uint64_t> read_count(GgufCursor& cursor, std::string_view what, uint64_t min_item_bytes,
                              std::string_view rule) {
  const uint64_t at = cursor.offset();
  uint64_t count = 0;
  if (!cursor.read_u64(count)) return truncated(cursor, fmt::format("the {} count", what), 8);
  if (count > cursor.remaining() / min_item_bytes) {
    return Error::corrupt("", at, std::string(rule),
                          fmt::format("{} {} need at least {} bytes each, found {} bytes left in "
                                      "the file",
                                      count, what, min_item_bytes, cursor.remaining()));
  }
  return count;
}

Expected<std::string_view> read_key(GgufCursor& cursor) {
  const uint64_t at = cursor.offset();
  auto key = read_string(cursor, "a key");
  if (!key) return key.error();
  if (key->empty()) return Error::corrupt("", at, "gguf.empty-key", "expected a non-empty key");
  if (key->size() > kMaxKeyBytes) {
    return Error::limit("", at, "gguf.key-too-long",
                        fmt::format("expected a key of at most {} bytes, found {} bytes",
                                    kMaxKeyBytes, key->size()));
  }
  return key;
}

Status read_metadata(GgufCursor& cursor, uint64_t count, GgufFile& file) {
  std::unordered_map<std::string_view, uint64_t> seen;  // key -> where it starts
  enter_section(cursor, GgufProgress::Section::kKeyValues);
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t at = cursor.offset();
    auto key = read_key(cursor);
    if (!key) return key.error();
    if (auto [first, inserted] = seen.emplace(*key, at); !inserted) {
      return Error::corrupt("", at, "gguf.duplicate-key",
                            fmt::format("expected unique keys, found '{}' again (first at byte {})",
                                        printable(*key), first->second));
    }
    auto type = gguf_detail::read_value_type(cursor);
    if (!type) return type.error();
    auto value = gguf_detail::read_value(cursor, *type, 0);
    if (!value) return value.error();
    file.metadata.push_back({std::string(*key), *type, std::move(*value), at});
    item_done(cursor);
  }
  return Ok{};
}

Expected<uint64_t> alignment_of(const GgufFile& file) {
  const GgufKeyValue* entry = file.find(kAlignmentKey);
  if (entry == nullptr) return kDefaultAlignment;
  if (entry->type != GgufType::kUint32) {
    return Error::corrupt(
        "", entry->offset, "gguf.alignment-not-u32",
        fmt::format("expected {} to be a u32, found a {}", kAlignmentKey, to_string(entry->type)));
  }
  const uint64_t alignment = std::get<uint64_t>(entry->value);
  if (!std::has_single_bit(alignment)) {
    return Error::corrupt(
        "", entry->offset, "gguf.alignment-not-power-of-two",
        fmt::format("expected {} to be a power of two, found {}", kAlignmentKey, alignment));
  }
  return alignment;
}

struct Counts {
  uint64_t tensors = 0;
  uint64_t key_values = 0;
};

// Magic, version and the two counts; the version lands in `file`.
Expected<Counts> read_header(GgufCursor& cursor, GgufFile& file) {
  if (auto magic = check_magic(cursor); !magic) return magic.error();
  auto version = read_version(cursor);
  if (!version) return version.error();
  file.version = *version;
  auto tensors = read_count(cursor, "tensors", kMinTensorInfoBytes, "gguf.tensor-count-past-end");
  if (!tensors) return tensors.error();
  auto key_values =
      read_count(cursor, "key/value pairs", kMinKeyValueBytes, "gguf.kv-count-past-end");
  if (!key_values) return key_values.error();
  cursor.progress().tensor_count = *tensors;
  cursor.progress().kv_count = *key_values;
  return Counts{*tensors, *key_values};
}

// The data section starts at the next multiple of the alignment; a file
// without tensors may end before it, as ggml's own vocab files do.
Status place_data_section(const GgufCursor& cursor, GgufFile& file) {
  const uint64_t padding = (file.alignment - cursor.offset() % file.alignment) % file.alignment;
  if (!checked_add(cursor.offset(), padding, file.data_offset)) {
    return Error::corrupt("", cursor.offset(), "gguf.data-offset-overflow",
                          "the data section would start past 2^64-1");
  }
  return Ok{};
}

Expected<GgufFile> read_gguf_from(GgufCursor& cursor, uint64_t file_size) {
  GgufFile file;
  auto counts = read_header(cursor, file);
  if (!counts) return counts.error();
  if (auto metadata = read_metadata(cursor, counts->key_values, file); !metadata) {
    return metadata.error();
  }
  auto alignment = alignment_of(file);
  if (!alignment) return alignment.error();
  file.alignment = *alignment;
  std::vector<uint64_t> info_offsets;
  enter_section(cursor, GgufProgress::Section::kTensorInfos);
  auto infos = gguf_detail::read_tensor_infos(cursor, counts->tensors, file, info_offsets);
  if (!infos) return infos.error();
  if (auto placed = place_data_section(cursor, file); !placed) return placed.error();
  auto data = gguf_detail::check_tensor_data(file, info_offsets, file_size);
  if (!data) return data.error();
  return file;
}

}  // namespace

Expected<GgufFile> read_gguf(Bytes bytes) { return read_gguf(bytes, bytes.size()); }

Expected<GgufFile> read_gguf(Bytes prefix, uint64_t file_size) {
  GgufPrefixNeed ignored;
  return read_gguf(prefix, file_size, ignored);
}

Expected<GgufFile> read_gguf(Bytes prefix, uint64_t file_size, GgufPrefixNeed& need) {
  if (prefix.size() > file_size) prefix = prefix.first(static_cast<size_t>(file_size));
  GgufCursor cursor(prefix, file_size);
  auto file = read_gguf_from(cursor, file_size);
  if (!file && file.error().rule() == kGgufNeedsMoreBytes) {
    need = gguf_detail::estimate_header_end(cursor.progress(), file_size);
  }
  return file;
}

const GgufKeyValue* GgufFile::find(std::string_view key) const {
  for (const auto& entry : metadata) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::optional<std::string> GgufFile::get_string(std::string_view key) const {
  const GgufKeyValue* entry = find(key);
  if (entry == nullptr) return std::nullopt;
  if (const auto* text = std::get_if<std::string>(&entry->value)) return *text;
  return std::nullopt;
}

std::optional<uint64_t> GgufFile::get_uint(std::string_view key) const {
  const GgufKeyValue* entry = find(key);
  if (entry == nullptr) return std::nullopt;
  if (const auto* number = std::get_if<uint64_t>(&entry->value)) return *number;
  if (const auto* signed_number = std::get_if<int64_t>(&entry->value)) {
    if (*signed_number >= 0) return static_cast<uint64_t>(*signed_number);
  }
  return std::nullopt;
}

}  // namespace owl
