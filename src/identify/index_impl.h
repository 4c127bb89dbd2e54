// The loaded index as the engine's internal stages see it: views into the
// embedded bytes plus one small hash map built at load. Immutable after load.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "identify/index_format.h"
#include "owl/identify.h"

namespace owl {
namespace identify {
// The index bytes compiled into the library (index_blob.cpp).
std::span<const uint8_t> builtin_index_bytes();
}  // namespace identify

struct LicenseIndex::Impl {
  std::span<const uint8_t> bytes;
  identify::IndexHeader header{};
  const uint8_t* vocab_hashes = nullptr;
  const uint8_t* vocab_ids = nullptr;
  const uint8_t* vocab_flags = nullptr;
  const uint8_t* entries = nullptr;
  const uint8_t* sketches = nullptr;
  const uint8_t* tokens = nullptr;
  const char* strings = nullptr;
  std::unordered_map<uint64_t, uint32_t> canonical_by_exact_hash;

  // Input words that are not in the vocabulary get this bit plus their own
  // hash, so they never equal an entry word but still differ from each other.
  static constexpr uint32_t kUnknownWordBit = 0x80000000u;

  uint32_t word_value(uint32_t word_hash) const;  // vocabulary id or unknown marker
  bool id_is_version_bearing(uint32_t id) const;
  bool id_is_strong_version(uint32_t id) const;
  // Inline: retrieval calls these ~50,000 times per input.
  identify::EntryRecord record(size_t entry) const {
    identify::EntryRecord r;
    std::memcpy(&r, entries + entry * sizeof(identify::EntryRecord), sizeof r);  // little-endian
    return r;
  }
  std::string_view string(uint32_t offset) const;
  uint32_t sketch_key(uint32_t position) const {
    uint32_t key;
    std::memcpy(&key, sketches + 4 * size_t{position}, 4);
    return key;
  }
  // Decodes an entry's word ids; empty if the stream is malformed.
  std::vector<uint32_t> entry_words(size_t entry) const;
  bool is_duplicate(size_t entry) const;
  size_t entry_count() const { return header.entry_count; }
};

}  // namespace owl
