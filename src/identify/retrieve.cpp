#include "identify/retrieve.h"

#include <algorithm>

namespace owl::identify {
namespace {

constexpr uint32_t kQuickSample = 16;

// Open-addressing set of bigram keys; key 0xFFFFFFFF never occurs (ids < 65536).
class BigramSet {
 public:
  explicit BigramSet(std::span<const uint32_t> words) {
    size_t capacity = 16;
    while (capacity < words.size() * 2) capacity *= 2;
    slots_.assign(capacity, kEmpty);
    for (size_t i = 1; i < words.size(); ++i) {
      if ((words[i - 1] | words[i]) & LicenseIndex::Impl::kUnknownWordBit) continue;
      insert(bigram_key(words[i - 1], words[i]));
    }
  }
  bool contains(uint32_t key) const {
    for (size_t slot = mix32(key) & (slots_.size() - 1);; slot = (slot + 1) & (slots_.size() - 1)) {
      if (slots_[slot] == key) return true;
      if (slots_[slot] == kEmpty) return false;
    }
  }
  size_t size() const { return size_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  void insert(uint32_t key) {
    for (size_t slot = mix32(key) & (slots_.size() - 1);; slot = (slot + 1) & (slots_.size() - 1)) {
      if (slots_[slot] == key) return;
      if (slots_[slot] == kEmpty) {
        slots_[slot] = key;
        ++size_;
        return;
      }
    }
  }
  std::vector<uint32_t> slots_;
  size_t size_ = 0;
};

}  // namespace

std::vector<RankedEntry> rank_candidates(const LicenseIndex::Impl& index,
                                         std::span<const uint32_t> input_words, size_t limit) {
  std::vector<RankedEntry> ranked;
  const BigramSet input(input_words);
  if (input.size() == 0) return ranked;
  for (uint32_t e = 0; e < index.entry_count(); ++e) {
    const EntryRecord r = index.record(e);
    if (r.sketch_count == 0 || (r.kind & kKindDuplicateBit)) continue;
    // The first keys of a bottom-k sample are a bottom-16 sample: an entry
    // with none of them in the input holds well under a tenth of its text
    // there, and most entries stop here.
    size_t hits = 0;
    const uint32_t first = std::min(r.sketch_count, kQuickSample);
    for (uint32_t k = 0; k < first; ++k)
      hits += input.contains(index.sketch_key(r.sketch_offset + k));
    if (hits == 0) continue;
    for (uint32_t k = first; k < r.sketch_count; ++k) {
      hits += input.contains(index.sketch_key(r.sketch_offset + k));
    }
    const double containment = static_cast<double>(hits) / r.sketch_count;
    const double shared = containment * r.bigram_count;
    const double dice =
        2 * shared / (static_cast<double>(r.bigram_count) + static_cast<double>(input.size()));
    ranked.push_back({e, dice, containment});
  }
  // Best by Dice (similar size and content), plus the best by estimated
  // words present minus words missing, which finds a licence that is whole
  // inside a much longer text (one licence of a NOTICE file).
  const auto net = [&](const RankedEntry& x) {
    return (2 * x.estimated_containment - 1) * index.record(x.entry).token_count;
  };
  std::vector<RankedEntry> by_net = ranked;
  const size_t net_limit = std::min(by_net.size(), limit / 2);
  std::partial_sort(by_net.begin(), by_net.begin() + static_cast<std::ptrdiff_t>(net_limit),
                    by_net.end(), [&](const RankedEntry& x, const RankedEntry& y) {
                      return net(x) != net(y) ? net(x) > net(y) : x.entry < y.entry;
                    });
  std::sort(ranked.begin(), ranked.end(), [](const RankedEntry& x, const RankedEntry& y) {
    return x.estimated_dice != y.estimated_dice ? x.estimated_dice > y.estimated_dice
                                                : x.entry < y.entry;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  for (size_t i = 0; i < net_limit; ++i) {
    const bool seen = std::any_of(ranked.begin(), ranked.end(),
                                  [&](const RankedEntry& x) { return x.entry == by_net[i].entry; });
    if (!seen) ranked.push_back(by_net[i]);
  }
  return ranked;
}

}  // namespace owl::identify
