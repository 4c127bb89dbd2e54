// Candidate retrieval: which index entries are worth aligning against.
//
// Each entry carries a bottom-k sample of its distinct word bigrams. The share
// of that sample present in the input estimates how much of the entry the
// input contains; with both bigram counts that gives an estimated Dice
// coefficient. Cost: one hash set of the input's bigrams plus k probes per
// entry, instead of aligning against ~800 texts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "identify/index_impl.h"

namespace owl::identify {

struct RankedEntry {
  uint32_t entry;
  double estimated_dice;
  double estimated_containment;  // share of the entry's bigrams found in the input
};

// Best by estimated Dice first (at most `limit`), then up to limit/2 more that
// are best by estimated words present; duplicate-text and text-less entries skipped.
std::vector<RankedEntry> rank_candidates(const LicenseIndex::Impl& index,
                                         std::span<const uint32_t> input_words, size_t limit);

}  // namespace owl::identify
