// Byte layout of the licence index, shared by the builder
// (scripts/gen_license_index_main.cpp) and the loader (license_index.cpp).
//
// All integers little-endian. Sections follow the header in this order, each
// starting on a 4-byte boundary:
//   1. header: magic "OWLLIDX\0" (8 bytes), then u32 fields of IndexHeader;
//   2. vocabulary hashes: vocab_count x u32 word_hash(), ascending;
//   3. vocabulary ids: vocab_count x u16, the id of the hash at the same place
//      (ids are frequency ranks, so common words encode in one varint byte);
//   4. vocabulary flags: vocab_count x u8, indexed by id (bit 0: version-bearing,
//      bit 1: strong version word, see tokenise.h);
//   5. entries: entry_count x EntryRecord (16 x u32);
//   6. sketches: sketch_words x u32 bigram keys (bottom-k sample per entry);
//   7. sketch inversion, so retrieval costs what the input has rather than a
//      pass over every entry's sample:
//      a. key starts: (vocab_count + 1) x u32, per first word id the first
//         position in (b) of a key starting with that id;
//      b. keys: posting_key_count x u32, the distinct sampled bigram keys, ascending;
//      c. posting starts: (posting_key_count + 1) x u32, per key its first
//         position in (d); the last is sketch_words;
//      d. postings: sketch_words x u32, (entry << 1) | 1 when the key is among
//         the entry's first kQuickSample sample keys;
//   8. token stream: token_bytes of LEB128 word ids, per entry in order;
//   9. strings: string_bytes of NUL-terminated UTF-8, addressed by offset.
// A bigram key is (first id << 16) | second id; the bottom-k sample keeps the
// k keys with the smallest mix32(key), in that order.
#pragma once

#include <cstdint>

namespace owl::identify {

inline constexpr char kIndexMagic[8] = {'O', 'W', 'L', 'L', 'I', 'D', 'X', '\0'};
// Bump whenever the layout, the tokeniser or the hashing changes: an index
// built by another version is refused on load.
inline constexpr uint32_t kIndexFormatVersion = 2;
inline constexpr uint32_t kSketchSize = 64;
// The first keys of a bottom-k sample are a bottom-16 sample: retrieval skips
// an entry with none of them in the input.
inline constexpr uint32_t kQuickSample = 16;
inline constexpr uint32_t kNoEntry = 0xFFFFFFFFu;
inline constexpr uint8_t kFlagVersionBearing = 1;
inline constexpr uint8_t kFlagStrongVersion = 2;

struct IndexHeader {
  uint32_t format_version;
  uint32_t vocab_count;
  uint32_t entry_count;
  uint32_t sketch_words;
  uint32_t token_bytes;
  uint32_t string_bytes;
  uint32_t tag_string;         // offset of the version tag in the string pool
  uint32_t posting_key_count;  // distinct keys over all sketches
};

// Entry kind word: low byte EntryKind, bit 8 set when the entry's text is
// identical to another entry's that was chosen as canonical (so retrieval skips it).
inline constexpr uint32_t kKindDuplicateBit = 0x100;

struct EntryRecord {
  uint32_t id_string, family_string, version_string, name_string, source_string;
  uint32_t equivalents_string;  // comma-separated ids with identical text
  uint32_t aliases_string;      // ';'-separated names a pointer text may use
  uint32_t kind;
  uint32_t base_entry;  // entry index of the licence this one modifies, or kNoEntry
  uint32_t exact_hash_low, exact_hash_high;
  uint32_t token_count, token_offset;
  uint32_t sketch_offset, sketch_count;
  uint32_t bigram_count;  // distinct bigrams, for the Dice estimate
};
static_assert(sizeof(EntryRecord) == 64);

inline uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x85ebca6bu;
  x ^= x >> 13;
  x *= 0xc2b2ae35u;
  x ^= x >> 16;
  return x;
}

inline uint32_t bigram_key(uint32_t first_id, uint32_t second_id) {
  return (first_id << 16) | (second_id & 0xFFFFu);
}

}  // namespace owl::identify
