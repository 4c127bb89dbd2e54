#include "identify/retrieve.h"

#include <algorithm>

namespace owl::identify {
namespace {

// Open-addressing set of bigram keys; key 0xFFFFFFFF never occurs (ids < 65536).
class BigramSet {
 public:
  explicit BigramSet(std::span<const uint32_t> words) {
    size_t capacity = 16;
    while (capacity < words.size() * 2) capacity *= 2;
    slots_.assign(capacity, kEmpty);
    keys_.reserve(words.size());
    for (size_t i = 1; i < words.size(); ++i) {
      if ((words[i - 1] | words[i]) & LicenseIndex::Impl::kUnknownWordBit) continue;
      insert(bigram_key(words[i - 1], words[i]));
    }
  }
  size_t size() const { return keys_.size(); }
  const std::vector<uint32_t>& keys() const { return keys_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  void insert(uint32_t key) {
    for (size_t slot = mix32(key) & (slots_.size() - 1);; slot = (slot + 1) & (slots_.size() - 1)) {
      if (slots_[slot] == key) return;
      if (slots_[slot] == kEmpty) {
        slots_[slot] = key;
        keys_.push_back(key);
        return;
      }
    }
  }
  std::vector<uint32_t> slots_;
  std::vector<uint32_t> keys_;  // distinct, in first-seen order
};

struct SampleHits {
  uint16_t hits = 0;   // sample keys present in the input
  bool quick = false;  // one of them among the first kQuickSample
};

// Per entry, how much of its bigram sample the input holds, found through the
// index's inverted sample: only entries sharing a sampled key are touched.
std::vector<SampleHits> sample_hits(const LicenseIndex::Impl& index, const BigramSet& input) {
  std::vector<SampleHits> per_entry(index.entry_count());
  for (uint32_t key : input.keys()) {
    index.for_each_posting(key, [&](uint32_t entry, bool quick) {
      ++per_entry[entry].hits;
      per_entry[entry].quick |= quick;
    });
  }
  return per_entry;
}

struct Ranked {
  RankedEntry entry;
  double net;  // estimated words present minus words missing
};

}  // namespace

std::vector<RankedEntry> rank_candidates(const LicenseIndex::Impl& index,
                                         std::span<const uint32_t> input_words, size_t limit) {
  std::vector<RankedEntry> ranked;
  const BigramSet input(input_words);
  if (input.size() == 0) return ranked;
  const std::vector<SampleHits> hits = sample_hits(index, input);
  std::vector<Ranked> by_net;
  for (uint32_t e = 0; e < index.entry_count(); ++e) {
    // An entry with none of its bottom-16 keys in the input holds well under
    // a tenth of its text there.
    if (!hits[e].quick) continue;
    const EntryRecord r = index.record(e);
    if (r.sketch_count == 0 || (r.kind & kKindDuplicateBit)) continue;
    const double containment = static_cast<double>(hits[e].hits) / r.sketch_count;
    const double shared = containment * r.bigram_count;
    const double dice =
        2 * shared / (static_cast<double>(r.bigram_count) + static_cast<double>(input.size()));
    ranked.push_back({e, dice, containment});
    by_net.push_back({ranked.back(), (2 * containment - 1) * r.token_count});
  }
  // Best by Dice (similar size and content), plus the best by estimated
  // words present minus words missing, which finds a licence that is whole
  // inside a much longer text (one licence of a NOTICE file).
  const size_t net_limit = std::min(by_net.size(), limit / 2);
  std::partial_sort(by_net.begin(), by_net.begin() + static_cast<std::ptrdiff_t>(net_limit),
                    by_net.end(), [](const Ranked& x, const Ranked& y) {
                      return x.net != y.net ? x.net > y.net : x.entry.entry < y.entry.entry;
                    });
  const size_t dice_limit = std::min(ranked.size(), limit);
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(dice_limit),
                    ranked.end(), [](const RankedEntry& x, const RankedEntry& y) {
                      return x.estimated_dice != y.estimated_dice
                                 ? x.estimated_dice > y.estimated_dice
                                 : x.entry < y.entry;
                    });
  ranked.resize(dice_limit);
  for (size_t i = 0; i < net_limit; ++i) {
    const bool seen = std::any_of(ranked.begin(), ranked.end(), [&](const RankedEntry& x) {
      return x.entry == by_net[i].entry.entry;
    });
    if (!seen) ranked.push_back(by_net[i].entry);
  }
  return ranked;
}

}  // namespace owl::identify
