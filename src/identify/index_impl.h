// The loaded index as the engine's internal stages see it: views into the
// embedded bytes plus one small hash map built at load. Immutable after load.
#pragma once

#include <algorithm>
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
  const uint8_t* key_starts = nullptr;
  const uint8_t* posting_keys = nullptr;
  const uint8_t* posting_starts = nullptr;
  const uint8_t* postings = nullptr;
  const uint8_t* tokens = nullptr;
  const char* strings = nullptr;
  std::unordered_map<uint64_t, uint32_t> canonical_by_exact_hash;
  // Where the sorted vocabulary hashes with each top-kVocabBucketBits prefix
  // start: word_value() searches a few hashes, not the whole vocabulary.
  static constexpr uint32_t kVocabBucketBits = 12;
  std::vector<uint32_t> vocab_bucket_starts;

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
  // Calls visit(entry, in_quick_sample) for every entry whose bigram sample
  // holds `key`. Ranges read from the index are clamped, so a corrupt index
  // yields wrong candidates, never a read outside it.
  template <class Visit>
  void for_each_posting(uint32_t key, Visit&& visit) const {
    const uint32_t first_id = key >> 16;
    if (first_id >= header.vocab_count) return;
    uint32_t low = std::min(u32_at(key_starts, first_id), header.posting_key_count);
    uint32_t high = std::min(u32_at(key_starts, first_id + 1), header.posting_key_count);
    while (low < high) {
      const uint32_t mid = low + (high - low) / 2;
      if (u32_at(posting_keys, mid) < key)
        low = mid + 1;
      else
        high = mid;
    }
    if (low >= header.posting_key_count || u32_at(posting_keys, low) != key) return;
    const uint32_t end = std::min(u32_at(posting_starts, low + 1), header.sketch_words);
    for (uint32_t p = u32_at(posting_starts, low); p < end; ++p) {
      const uint32_t posting = u32_at(postings, p);
      if ((posting >> 1) < header.entry_count) visit(posting >> 1, (posting & 1) != 0);
    }
  }
  // Decodes an entry's word ids; empty if the stream is malformed.
  std::vector<uint32_t> entry_words(size_t entry) const;
  bool is_duplicate(size_t entry) const;
  size_t entry_count() const { return header.entry_count; }

 private:
  static uint32_t u32_at(const uint8_t* section, uint32_t position) {
    uint32_t value;
    std::memcpy(&value, section + 4 * size_t{position}, 4);
    return value;
  }
};

}  // namespace owl
