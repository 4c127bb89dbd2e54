// What kind of rights an added passage changes, from its wording.
#include <algorithm>
#include <array>
#include <optional>

#include "identify/detect.h"
#include "owl/license_terms.h"

namespace owl::identify {
namespace {

struct Pattern {
  RightsChange change;
  std::vector<uint32_t> words;
};

std::vector<uint32_t> hashes_of(std::string_view phrase) {
  std::vector<uint32_t> words;
  for (const Token& t : tokenise(phrase)) words.push_back(t.hash);
  return words;
}

const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> kPatterns = [] {
    const std::vector<std::pair<RightsChange, std::vector<std::string_view>>> table = {
        {RightsChange::kNonCommercial,
         {"non-commercial", "noncommercial", "not for commercial", "no commercial use",
          "research purposes only", "for research only", "not be used for commercial",
          "commercial use is prohibited", "commercial use is not permitted"}},
        {RightsChange::kUseRestrictions,
         {"agree not to use", "shall not use", "must not use", "may not use", "will not use",
          "not be used", "use restrictions", "is prohibited", "are prohibited", "prohibited uses",
          "shall not be used", "restrictions on use", "not to use the model"}},
        {RightsChange::kRevocable,
         {"revoke", "revocable", "revocation", "terminate this license at any time",
          "remotely restrict", "restrict remotely"}},
        {RightsChange::kDisplayAttribution,
         {"prominently display", "shall display", "must display", "display the", "built with",
          "powered by", "user interface", "attribution notice", "give attribution"}},
        {RightsChange::kUsageThreshold,
         {"monthly active users", "million users", "in monthly revenue", "annual recurring revenue",
          "annual revenue"}},
    };
    std::vector<Pattern> out;
    for (const auto& [change, phrases] : table) {
      for (std::string_view phrase : phrases) out.push_back({change, hashes_of(phrase)});
    }
    return out;
  }();
  return kPatterns;
}

// The sentence around byte `at`, bounded by the added span.
std::string sentence_around(std::string_view text, size_t span_begin, size_t span_end, size_t at) {
  size_t begin = at;
  while (begin > span_begin && text[begin - 1] != '.' &&
         !(text[begin - 1] == '\n' && begin >= 2 && text[begin - 2] == '\n'))
    --begin;
  size_t end = at;
  while (end < span_end && text[end] != '.') ++end;
  if (end < span_end) ++end;
  while (begin < end &&
         (text[begin] == ' ' || text[begin] == '\n' || text[begin] == '\r' || text[begin] == '\t'))
    ++begin;
  constexpr size_t kMaxEvidence = 400;
  if (end - begin > kMaxEvidence) {
    begin = at > begin + kMaxEvidence / 2 ? at - kMaxEvidence / 2 : begin;
    end = std::min(end, begin + kMaxEvidence);
  }
  return std::string(text.substr(begin, end - begin));
}

// The rights change a term-lexicon signal stands for; none for signals that
// grant, name a party or only describe.
std::optional<RightsChange> rights_change_of(std::string_view signal) {
  if (signal == "commercial-forbidden" || signal == "commercial-research-or-personal-only")
    return RightsChange::kNonCommercial;
  if (signal == "commercial-registration" || signal == "commercial-authorisation" ||
      signal == "written-consent")
    return RightsChange::kCommercialCondition;
  if (signal == "territory-exclusion") return RightsChange::kTerritory;
  if (signal == "outputs-no-training" || signal == "outputs-no-commercial")
    return RightsChange::kOutputUse;
  if (signal == "use-restrictions") return RightsChange::kUseRestrictions;
  if (signal == "revocable" || signal == "remote-restriction") return RightsChange::kRevocable;
  if (signal == "duty-display" || signal == "duty-name-prefix")
    return RightsChange::kDisplayAttribution;
  return std::nullopt;
}

}  // namespace

size_t end_of_terms_position(const std::vector<Token>& tokens) {
  static const std::vector<uint32_t> kMarker = hashes_of("end of terms and conditions");
  size_t found = std::string_view::npos;
  for (size_t i = 0; i + kMarker.size() <= tokens.size(); ++i) {
    bool same = true;
    for (size_t k = 0; k < kMarker.size() && same; ++k) same = tokens[i + k].hash == kMarker[k];
    if (same) found = i + kMarker.size();
  }
  return found;
}

std::vector<Modification> classify_added(std::string_view text, const std::vector<Token>& tokens,
                                         size_t first, size_t last, bool after_end_of_terms) {
  std::vector<Modification> found;
  if (first >= last || last > tokens.size()) return found;
  const size_t span_begin = tokens[first].begin, span_end = tokens[last - 1].end;
  for (const Pattern& pattern : patterns()) {
    const bool already = std::any_of(found.begin(), found.end(), [&](const Modification& m) {
      return m.change == pattern.change;
    });
    if (already) continue;
    for (size_t i = first; i + pattern.words.size() <= last; ++i) {
      bool same = true;
      for (size_t k = 0; k < pattern.words.size() && same; ++k)
        same = tokens[i + k].hash == pattern.words[k];
      if (!same) continue;
      found.push_back({pattern.change, sentence_around(text, span_begin, span_end, tokens[i].begin),
                       tokens[i].begin});
      break;
    }
  }
  // What the term reader's lexicon finds in the added words: a short clause
  // ("Commercial use requires our prior written consent") changes rights as
  // surely as a long one, so it is never a harmless edit.
  const std::string_view added = text.substr(span_begin, span_end - span_begin);
  for (const std::string& signal : term_signals(added)) {
    const auto change = rights_change_of(signal);
    if (!change) continue;
    const bool already = std::any_of(found.begin(), found.end(),
                                     [&](const Modification& m) { return m.change == *change; });
    if (!already)
      found.push_back(
          {*change, sentence_around(text, span_begin, span_end, span_begin), span_begin});
  }
  const bool restricts = std::any_of(found.begin(), found.end(), [](const Modification& m) {
    return m.change == RightsChange::kUseRestrictions || m.change == RightsChange::kNonCommercial;
  });
  if (after_end_of_terms && restricts) {
    found.insert(found.begin(),
                 Modification{RightsChange::kAppendedAttachment,
                              sentence_around(text, span_begin, span_end, span_begin), span_begin});
  }
  return found;
}

}  // namespace owl::identify
