// Internal stages of LicenseIndex::identify(): matching an input (or the part
// of it no earlier match explained) against the index, and describing how the
// input differs from a matched entry.
#pragma once

#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "identify/align.h"
#include "identify/index_impl.h"
#include "identify/tokenise.h"

namespace owl::identify {

// Entries' decoded words, once per identify() call: the repeated retrievals
// of a several-licence file and the base re-alignment of a modified one keep
// aligning against the same entries.
class EntryTexts {
 public:
  const std::vector<uint32_t>& words(const LicenseIndex::Impl& index, uint32_t entry) {
    const auto [it, inserted] = decoded_.try_emplace(entry);
    if (inserted) it->second = index.entry_words(entry);
    return it->second;
  }

 private:
  std::unordered_map<uint32_t, std::vector<uint32_t>> decoded_;
};

struct Input {
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<uint32_t> values;  // per token: vocabulary id or unknown marker
  // Per-call cache, not part of what the input is; hence mutable.
  mutable EntryTexts entry_texts;
};

struct Match {
  uint32_t entry = 0;
  std::vector<uint32_t> entry_words;
  std::vector<uint32_t> positions;  // alignment input index -> input token index
  Alignment alignment;
  double dice = 0;            // 2 * matched / (input part words + entry words)
  double entry_coverage = 0;  // matched / entry words
};

struct ScoredCandidate {
  uint32_t entry;
  double score;
};

// Aligns the input tokens at `positions` against the best few retrieved
// entries and returns the best, if it covers enough of its entry to say the
// entry is present. `candidates` (optional) receives every aligned entry.
std::optional<Match> best_match(const LicenseIndex::Impl& index, const Input& input,
                                std::vector<uint32_t> positions,
                                std::vector<ScoredCandidate>* candidates);

// Aligns against one given entry (used for a modified licence's base).
Match match_against(const LicenseIndex::Impl& index, const Input& input, uint32_t entry);

// Every licence present: the best match, then the best match of what is left,
// until nothing more is found. First = covers the most words.
std::vector<Match> find_components(const LicenseIndex::Impl& index, const Input& input,
                                   std::vector<ScoredCandidate>& candidates);

struct DiffSummary {
  std::vector<AddedSpan> added;
  std::vector<RemovedSpan> removed;
  std::vector<std::string> version_differences;
  std::vector<std::string> version_words;  // the input's version-bearing words in those changes
  std::vector<Modification> modifications;
  size_t added_words = 0, removed_words = 0;
  // Words added before the first or after the last matched word, in spans
  // short enough to be a title or a redistributor's header and without
  // rights-changing wording ("[For the original copy, see ...]").
  size_t harmless_edge_words = 0;
};

DiffSummary describe_differences(const LicenseIndex::Impl& index, const Input& input,
                                 const Match& match);

}  // namespace owl::identify
