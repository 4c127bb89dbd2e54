// Word-level alignment of an input against one index entry.
//
// Patience-style: word trigrams that occur exactly once in both sequences are
// anchors; the longest chain of anchors in order on both sides (LIS) fixes the
// alignment, equal runs are extended from each anchor, and the short gaps
// between runs are refined with an exact LCS. Long gaps stay a plain
// delete+insert. This is O(n log n) for licence-sized texts, where a full
// O(ND) diff would be quadratic on texts that share little; and text in the
// wrong order has no anchor chain, so word salad cannot score.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace owl::identify {

enum class OpKind : uint8_t { kEqual, kInsert, kDelete };

// kEqual: input[input_pos..+length) == entry[entry_pos..+length).
// kInsert: input words absent from the entry. kDelete: entry words absent
// from the input (input_pos is where they would sit).
struct AlignOp {
  OpKind kind;
  uint32_t input_pos;
  uint32_t entry_pos;
  uint32_t length;
};

struct Alignment {
  std::vector<AlignOp> ops;  // in input order, adjacent ops of one kind merged
  size_t matched = 0;        // words in kEqual ops
};

// Where each word trigram of a sequence occurs: how often, and first where.
// Build once per input when aligning it against several entries.
class TrigramTable {
 public:
  explicit TrigramTable(std::span<const uint32_t> words);
  struct Occurrence {
    uint64_t key = 0;
    uint32_t count = 0;  // 0 = empty slot
    uint32_t position = 0;
  };
  // nullptr when the trigram does not occur.
  const Occurrence* find(uint64_t key) const;
  static uint64_t key_at(std::span<const uint32_t> words, size_t i);

 private:
  std::vector<Occurrence> slots_;
};

// The trigrams that occur exactly once in an input, in input order (the only
// places an anchor can start), with a small hash table over them. Built once
// per input and reused for every entry it is aligned against: an entry then
// costs one probe per entry word, with no table of its own.
class InputAnchors {
 public:
  explicit InputAnchors(std::span<const uint32_t> input);
  struct Anchor {
    uint32_t input_pos, entry_pos;
  };
  // The input trigrams that also occur exactly once in `entry`, in input order.
  std::vector<Anchor> shared_with(std::span<const uint32_t> entry) const;

 private:
  static constexpr uint32_t kEmptySlot = 0xFFFFFFFFu;
  std::vector<uint32_t> positions_;
  std::vector<uint64_t> keys_;   // TrigramTable::key_at(input, positions_[k])
  std::vector<uint32_t> slots_;  // index into keys_, or kEmptySlot
};

Alignment align(std::span<const uint32_t> input, std::span<const uint32_t> entry);
// Same, reusing the anchors built once from `input`.
Alignment align(std::span<const uint32_t> input, const InputAnchors& anchors,
                std::span<const uint32_t> entry);

}  // namespace owl::identify
