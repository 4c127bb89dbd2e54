#include <algorithm>

#include "identify/engine.h"
#include "identify/retrieve.h"

namespace owl::identify {
namespace {

// How many retrieved entries get a full alignment. Close versions of one
// licence (Llama 3.1/3.2, Gemma 2024/2025) sit next to each other in the
// ranking, so a handful is enough to let the alignment pick the right one.
constexpr size_t kCandidatesToAlign = 6;
// An entry counts as present when the input holds at least half its words in
// order, and at least this many (tiny texts must match in full).
constexpr double kMinEntryCoverage = 0.5;
// ... unless the input is mostly other text: then only a nearly whole entry
// counts (a card quoting half of a short use policy is not that policy).
constexpr double kMinDiceForPartial = 0.3;
constexpr double kMinCoverageInLongText = 0.9;
// A further licence in what the first left unexplained must be nearly whole:
// a stray warranty disclaimer is not a BSD licence.
constexpr double kMinFurtherCoverage = 0.85;
constexpr size_t kMinMatchedWords = 15;
constexpr size_t kMaxComponents = 8;

Match score(const LicenseIndex::Impl& index, const Input& input, uint32_t entry,
            const std::vector<uint32_t>& positions, const std::vector<uint32_t>& values,
            const InputAnchors& anchors) {
  Match m;
  m.entry = entry;
  m.entry_words = input.entry_texts.words(index, entry);
  m.positions = positions;
  m.alignment = align(values, anchors, m.entry_words);
  const double total = static_cast<double>(values.size() + m.entry_words.size());
  m.dice = total > 0 ? 2.0 * static_cast<double>(m.alignment.matched) / total : 0;
  m.entry_coverage = m.entry_words.empty() ? 0
                                           : static_cast<double>(m.alignment.matched) /
                                                 static_cast<double>(m.entry_words.size());
  return m;
}

std::vector<uint32_t> values_at(const Input& input, const std::vector<uint32_t>& positions) {
  std::vector<uint32_t> values;
  values.reserve(positions.size());
  for (uint32_t p : positions) values.push_back(input.values[p]);
  return values;
}

// Matched words minus twice the entry words the input lacks: prefers the
// entry that is wholly present over a longer one that merely contains it
// (BSD-3-Clause over BSD-3-Clause plus a clause whose words happen to occur
// elsewhere in a NOTICE file), and is what picks 3.2 over 3.1.
double net_score(const Match& m) {
  const auto matched = static_cast<double>(m.alignment.matched);
  return matched - 2.0 * (static_cast<double>(m.entry_words.size()) - matched);
}

bool is_present(const Match& m, double min_coverage) {
  const bool enough = m.entry_coverage >= std::max(min_coverage, kMinCoverageInLongText) ||
                      (m.entry_coverage >= min_coverage && m.dice >= kMinDiceForPartial);
  return enough &&
         m.alignment.matched >= std::min<size_t>(m.entry_words.size(), kMinMatchedWords) &&
         m.alignment.matched >= std::min<size_t>(kMinMatchedWords, 8);
}

}  // namespace

std::optional<Match> best_match(const LicenseIndex::Impl& index, const Input& input,
                                std::vector<uint32_t> positions,
                                std::vector<ScoredCandidate>* candidates) {
  const std::vector<uint32_t> values = values_at(input, positions);
  const InputAnchors anchors(values);
  std::optional<Match> best;
  for (const RankedEntry& ranked : rank_candidates(index, values, kCandidatesToAlign)) {
    Match m = score(index, input, ranked.entry, positions, values, anchors);
    if (candidates) candidates->push_back({m.entry, m.dice});
    const bool better = !best || net_score(m) > net_score(*best) ||
                        (net_score(m) == net_score(*best) && m.dice > best->dice);
    if (better) best = std::move(m);
  }
  if (candidates) {
    std::stable_sort(
        candidates->begin(), candidates->end(),
        [](const ScoredCandidate& a, const ScoredCandidate& b) { return a.score > b.score; });
  }
  if (best && !is_present(*best, candidates ? kMinEntryCoverage : kMinFurtherCoverage))
    return std::nullopt;
  return best;
}

Match match_against(const LicenseIndex::Impl& index, const Input& input, uint32_t entry) {
  std::vector<uint32_t> positions(input.tokens.size());
  for (uint32_t i = 0; i < positions.size(); ++i) positions[i] = i;
  return score(index, input, entry, positions, input.values, InputAnchors(input.values));
}

std::vector<Match> find_components(const LicenseIndex::Impl& index, const Input& input,
                                   std::vector<ScoredCandidate>& candidates) {
  std::vector<Match> found;
  std::vector<uint32_t> unexplained(input.tokens.size());
  for (uint32_t i = 0; i < unexplained.size(); ++i) unexplained[i] = i;
  while (found.size() < kMaxComponents && unexplained.size() >= kMinMatchedWords) {
    std::optional<Match> m =
        best_match(index, input, unexplained, found.empty() ? &candidates : nullptr);
    if (!m) break;
    std::vector<bool> covered(unexplained.size(), false);
    for (const AlignOp& op : m->alignment.ops) {
      if (op.kind != OpKind::kEqual) continue;
      for (uint32_t k = 0; k < op.length; ++k) covered[op.input_pos + k] = true;
    }
    std::vector<uint32_t> rest;
    for (size_t k = 0; k < unexplained.size(); ++k) {
      if (!covered[k]) rest.push_back(unexplained[k]);
    }
    unexplained = std::move(rest);
    found.push_back(std::move(*m));
  }
  return found;
}

}  // namespace owl::identify
