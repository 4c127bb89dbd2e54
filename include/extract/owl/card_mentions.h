// What a card's lines mention of the parts a release ships or links (a
// paper, an evaluation section, training data, code), and what its files'
// names say they are: typed records for the openness assessment. The words behind
// each kind live in data/lexicon/model-names.yaml (`card_mentions`).
// Thread-safe: plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace owl {

enum class CardMentionKind {
  kPaper,                   // links a paper or names a technical report
  kEvaluationSection,       // a heading on evaluation or benchmarks
  kTrainingDataSection,     // a heading on training data
  kCodeLink,                // links a code repository
  kTrainingCodeLink,        // links a code repository on a line about training
  kIntermediateCheckpoints  // points to intermediate checkpoints
};
const char* to_string(CardMentionKind kind);  // "paper", "evaluation-section", ...

struct CardMention {
  CardMentionKind kind = CardMentionKind::kPaper;
  int line = 0;      // 1-based, in the card file
  std::string text;  // the line, on one line and bounded
};

// What a file's path in a release says it is, for the same assessment.
enum class ReleaseFileKind {
  kModelArchitecture,  // config.json, modelling code
  kTrainingCode,
  kInferenceCode,
  kDatasets,
  kTechnicalReport,
  kEvaluationResults,
  kIntermediateCheckpoints
};
const char* to_string(ReleaseFileKind kind);  // "model-architecture", ...

// The kinds a file is by the globs of the lexicon's `release_files` (none
// for most files); training code is never also inference code.
std::vector<ReleaseFileKind> release_file_kinds(std::string_view path);

struct CardText;
// The first line of each kind, in line order: what openness needs, and
// bounded whatever the card's length.
std::vector<CardMention> find_card_mentions(const CardText& card);

}  // namespace owl
