#include "identify/align.h"

#include <algorithm>

namespace owl::identify {
namespace {

// Gaps up to this many cells (input words x entry words) get an exact LCS.
constexpr size_t kMaxLcsCells = 4 * 1024;

struct Anchor {
  uint32_t input_pos, entry_pos;
};

// Longest chain of anchors increasing in entry_pos (anchors come sorted by input_pos).
std::vector<Anchor> longest_increasing_chain(const std::vector<Anchor>& anchors) {
  std::vector<size_t> tails, previous(anchors.size(), SIZE_MAX);
  for (size_t i = 0; i < anchors.size(); ++i) {
    const auto it =
        std::lower_bound(tails.begin(), tails.end(), anchors[i].entry_pos,
                         [&](size_t t, uint32_t v) { return anchors[t].entry_pos < v; });
    if (it != tails.begin()) previous[i] = *(it - 1);
    if (it == tails.end())
      tails.push_back(i);
    else
      *it = i;
  }
  std::vector<Anchor> chain;
  for (size_t i = tails.empty() ? SIZE_MAX : tails.back(); i != SIZE_MAX; i = previous[i]) {
    chain.push_back(anchors[i]);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

class Builder {
 public:
  Builder(std::span<const uint32_t> input, std::span<const uint32_t> entry)
      : input_(input), entry_(entry) {}

  void emit(OpKind kind, size_t input_pos, size_t entry_pos, size_t length) {
    if (length == 0) return;
    if (kind == OpKind::kEqual) result_.matched += length;
    if (!result_.ops.empty()) {
      AlignOp& last = result_.ops.back();
      const bool contiguous =
          last.kind == kind &&
          (kind == OpKind::kInsert   ? last.input_pos + last.length == input_pos
           : kind == OpKind::kDelete ? last.entry_pos + last.length == entry_pos
                                     : last.input_pos + last.length == input_pos &&
                                           last.entry_pos + last.length == entry_pos);
      if (contiguous) {
        last.length += static_cast<uint32_t>(length);
        return;
      }
    }
    result_.ops.push_back({kind, static_cast<uint32_t>(input_pos), static_cast<uint32_t>(entry_pos),
                           static_cast<uint32_t>(length)});
  }

  // Aligns input[a0,a1) with entry[b0,b1), neither side containing anchors.
  void gap(size_t a0, size_t a1, size_t b0, size_t b1) {
    size_t prefix = 0;
    while (a0 + prefix < a1 && b0 + prefix < b1 && input_[a0 + prefix] == entry_[b0 + prefix])
      ++prefix;
    emit(OpKind::kEqual, a0, b0, prefix);
    a0 += prefix, b0 += prefix;
    size_t suffix = 0;
    while (a1 - suffix > a0 && b1 - suffix > b0 &&
           input_[a1 - suffix - 1] == entry_[b1 - suffix - 1]) {
      ++suffix;
    }
    a1 -= suffix, b1 -= suffix;
    // Gaps of very different lengths are a different text, not an edit: an
    // LCS there only collects scattered common words ("the", "of", ...).
    const size_t n = a1 - a0, m = b1 - b0;
    const bool comparable = n <= 2 * m + 16 && m <= 2 * n + 16;
    if (n > 0 && m > 0 && comparable && n * m <= kMaxLcsCells) {
      lcs(a0, a1, b0, b1);
    } else {
      emit(OpKind::kDelete, a0, b0, b1 - b0);
      emit(OpKind::kInsert, a0, b1, a1 - a0);
    }
    emit(OpKind::kEqual, a1, b1, suffix);
  }

  Alignment take() { return std::move(result_); }

 private:
  void lcs(size_t a0, size_t a1, size_t b0, size_t b1) {
    const size_t n = a1 - a0, m = b1 - b0;
    std::vector<uint16_t> table((n + 1) * (m + 1), 0);
    const auto at = [&](size_t i, size_t j) -> uint16_t& { return table[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = input_[a0 + i] == entry_[b0 + j] ? static_cast<uint16_t>(at(i + 1, j + 1) + 1)
                                                    : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (input_[a0 + i] == entry_[b0 + j]) {
        emit(OpKind::kEqual, a0 + i, b0 + j, 1);
        ++i, ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        emit(OpKind::kInsert, a0 + i, b0 + j, 1);
        ++i;
      } else {
        emit(OpKind::kDelete, a0 + i, b0 + j, 1);
        ++j;
      }
    }
    emit(OpKind::kDelete, a0 + i, b0 + j, m - j);
    emit(OpKind::kInsert, a0 + i, b0 + m, n - i);
  }

  std::span<const uint32_t> input_, entry_;
  Alignment result_;
};

}  // namespace

uint64_t TrigramTable::key_at(std::span<const uint32_t> words, size_t i) {
  return (uint64_t{words[i]} * 0x9E3779B97F4A7C15ull) ^ (uint64_t{words[i + 1]} << 21) ^
         (uint64_t{words[i + 2]} * 0xC2B2AE3D27D4EB4Full);
}

TrigramTable::TrigramTable(std::span<const uint32_t> words) {
  if (words.size() < 3) return;
  size_t capacity = 16;
  while (capacity < words.size() * 2) capacity *= 2;
  slots_.resize(capacity);
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    const uint64_t key = key_at(words, i);
    for (size_t slot = (key >> 17) & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
      Occurrence& o = slots_[slot];
      if (o.count == 0) {
        o = {key, 1, static_cast<uint32_t>(i)};
        break;
      }
      if (o.key == key) {
        ++o.count;
        break;
      }
    }
  }
}

const TrigramTable::Occurrence* TrigramTable::find(uint64_t key) const {
  if (slots_.empty()) return nullptr;
  for (size_t slot = (key >> 17) & (slots_.size() - 1);; slot = (slot + 1) & (slots_.size() - 1)) {
    const Occurrence& o = slots_[slot];
    if (o.count == 0) return nullptr;
    if (o.key == key) return &o;
  }
}

InputAnchors::InputAnchors(std::span<const uint32_t> input) {
  if (input.size() < 3) return;
  const TrigramTable trigrams(input);
  for (size_t i = 0; i + 2 < input.size(); ++i) {
    const uint64_t key = TrigramTable::key_at(input, i);
    if (trigrams.find(key)->count != 1) continue;
    positions_.push_back(static_cast<uint32_t>(i));
    keys_.push_back(key);
  }
  size_t capacity = 16;
  while (capacity < keys_.size() * 2) capacity *= 2;
  slots_.assign(capacity, kEmptySlot);
  for (uint32_t k = 0; k < keys_.size(); ++k) {
    size_t slot = (keys_[k] >> 17) & (capacity - 1);
    while (slots_[slot] != kEmptySlot) slot = (slot + 1) & (capacity - 1);
    slots_[slot] = k;  // keys_ are distinct: each occurs once in the input
  }
}

std::vector<InputAnchors::Anchor> InputAnchors::shared_with(std::span<const uint32_t> entry) const {
  std::vector<Anchor> shared;
  if (entry.size() < 3 || keys_.empty()) return shared;
  // Per input anchor: how often its trigram occurs in the entry, and first where.
  std::vector<uint32_t> count(keys_.size(), 0), first(keys_.size(), 0);
  const size_t mask = slots_.size() - 1;
  for (size_t j = 0; j + 2 < entry.size(); ++j) {
    const uint64_t key = TrigramTable::key_at(entry, j);
    for (size_t slot = (key >> 17) & mask; slots_[slot] != kEmptySlot; slot = (slot + 1) & mask) {
      const uint32_t k = slots_[slot];
      if (keys_[k] != key) continue;
      if (count[k]++ == 0) first[k] = static_cast<uint32_t>(j);
      break;
    }
  }
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (count[k] == 1) shared.push_back({positions_[k], first[k]});
  }
  return shared;
}

Alignment align(std::span<const uint32_t> input, std::span<const uint32_t> entry) {
  return align(input, InputAnchors(input), entry);
}

Alignment align(std::span<const uint32_t> input, const InputAnchors& input_anchors,
                std::span<const uint32_t> entry) {
  std::vector<Anchor> anchors;
  if (input.size() >= 3) {
    for (const InputAnchors::Anchor& a : input_anchors.shared_with(entry))
      anchors.push_back({a.input_pos, a.entry_pos});
  }
  Builder builder(input, entry);
  size_t a = 0, b = 0;
  for (const Anchor& anchor : longest_increasing_chain(anchors)) {
    if (anchor.input_pos < a || anchor.entry_pos < b) continue;  // inside the last equal run
    builder.gap(a, anchor.input_pos, b, anchor.entry_pos);
    size_t length = 0;
    while (anchor.input_pos + length < input.size() && anchor.entry_pos + length < entry.size() &&
           input[anchor.input_pos + length] == entry[anchor.entry_pos + length]) {
      ++length;
    }
    builder.emit(OpKind::kEqual, anchor.input_pos, anchor.entry_pos, length);
    a = anchor.input_pos + length;
    b = anchor.entry_pos + length;
  }
  builder.gap(a, input.size(), b, entry.size());
  return builder.take();
}

}  // namespace owl::identify
