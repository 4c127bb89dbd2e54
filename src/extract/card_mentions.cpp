// What a card's lines mention of the release's parts, read from the one
// parse with the words of data/lexicon/model-names.yaml.
#include "owl/card_mentions.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>

#include "owl/card_text.h"
#include "owl/name_lexicon.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl {

namespace {

constexpr size_t kKinds = 6;

bool holds_any(const std::string& lower, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) {
    return lower.find(word) != std::string::npos;
  });
}

}  // namespace

const char* to_string(CardMentionKind kind) {
  switch (kind) {
    case CardMentionKind::kPaper: return "paper";
    case CardMentionKind::kEvaluationSection: return "evaluation-section";
    case CardMentionKind::kTrainingDataSection: return "training-data-section";
    case CardMentionKind::kCodeLink: return "code-link";
    case CardMentionKind::kTrainingCodeLink: return "training-code-link";
    case CardMentionKind::kIntermediateCheckpoints: return "intermediate-checkpoints";
  }
  return "paper";
}

const char* to_string(ReleaseFileKind kind) {
  switch (kind) {
    case ReleaseFileKind::kModelArchitecture: return "model-architecture";
    case ReleaseFileKind::kTrainingCode: return "training-code";
    case ReleaseFileKind::kInferenceCode: return "inference-code";
    case ReleaseFileKind::kDatasets: return "datasets";
    case ReleaseFileKind::kTechnicalReport: return "technical-report";
    case ReleaseFileKind::kEvaluationResults: return "evaluation-results";
    case ReleaseFileKind::kIntermediateCheckpoints: return "intermediate-checkpoints";
  }
  return "model-architecture";
}

std::vector<ReleaseFileKind> release_file_kinds(std::string_view path) {
  const std::string lower = ascii_lower(path);
  const std::string name = lower.substr(lower.rfind('/') + 1);
  const auto any_glob = [](const std::vector<std::string>& globs, const std::string& text) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
      return fnmatch(glob.c_str(), text.c_str(), 0) == 0;
    });
  };
  std::vector<ReleaseFileKind> kinds;
  for (const auto& globs : NameLexicon::builtin().release_files)
    if (any_glob(globs.names, name) || any_glob(globs.paths, lower)) kinds.push_back(globs.kind);
  if (std::find(kinds.begin(), kinds.end(), ReleaseFileKind::kTrainingCode) != kinds.end())
    std::erase(kinds, ReleaseFileKind::kInferenceCode);
  return kinds;
}

std::vector<CardMention> find_card_mentions(const CardText& card) {
  const NameLexicon& lexicon = NameLexicon::builtin();
  std::array<bool, kKinds> seen{};
  std::vector<CardMention> found;
  const auto note = [&](CardMentionKind kind, const CardLine& line) {
    auto& already = seen[static_cast<size_t>(kind)];
    if (already) return;
    already = true;
    found.push_back({kind, line.number, one_line(line.text, 160)});
  };
  for (const auto& line : card.lines) {
    if (line.kind == CardLineKind::kBlank) continue;
    if (std::all_of(seen.begin(), seen.end(), [](bool s) { return s; })) break;
    const std::string lower = ascii_lower(line.text);
    const bool heading = line.kind == CardLineKind::kHeading;
    for (const auto& mention : lexicon.card_mentions) {
      if ((mention.headings_only && !heading) || !holds_any(lower, mention.words)) continue;
      const bool training_code = mention.mention == CardMentionKind::kCodeLink &&
                                 holds_any(lower, lexicon.training_code_words);
      note(training_code ? CardMentionKind::kTrainingCodeLink : mention.mention, line);
    }
  }
  return found;
}

}  // namespace owl
