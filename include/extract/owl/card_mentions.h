// What a card's lines mention of the parts a release ships or links (a
// paper, an evaluation section, training data, code): typed records read
// from the card's one parse, for the openness assessment. The words behind
// each kind live in data/lexicon/model-names.yaml (`card_mentions`).
// Thread-safe: plain values.
#pragma once

#include <string>
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

struct CardText;
// The first line of each kind, in line order: what openness needs, and
// bounded whatever the card's length.
std::vector<CardMention> find_card_mentions(const CardText& card);

}  // namespace owl
