#include "owl/card_text.h"

#include <gtest/gtest.h>

#include "owl/lineage.h"

namespace owl {
namespace {

std::vector<CardLineKind> kinds(const CardText& card) {
  std::vector<CardLineKind> out;
  for (const auto& line : card.lines) out.push_back(line.kind);
  return out;
}

TEST(CardText, EachLineTakesTheKindOfItsBlock) {
  const std::string body =
      "# Model\n"
      "\n"
      "Fine-tuned from org/base.\n"
      "```python\n"
      "load('org/other')\n"
      "```\n"
      "    indented = code\n"
      "\n"
      "| a | b |\n"
      "|---|---|\n"
      "| 1 | 2 |\n"
      "\n"
      "<p align=\"center\">\n"
      "</p>\n"
      "\n"
      "Licence\n"
      "-------\n"
      "- item one\n";
  const CardText card = read_card_text(body, 10);
  using K = CardLineKind;
  EXPECT_EQ(kinds(card),
            (std::vector<K>{K::kHeading, K::kBlank, K::kProse, K::kMarkup, K::kCode, K::kMarkup,
                            K::kCode, K::kBlank, K::kTableRow, K::kMarkup, K::kTableRow, K::kBlank,
                            K::kHtml, K::kHtml, K::kBlank, K::kHeading, K::kMarkup, K::kProse}));
  ASSERT_EQ(card.lines.size(), 18u);
  EXPECT_EQ(card.lines.front().number, 10);
  EXPECT_EQ(card.lines.front().heading_level, 1);
  EXPECT_EQ(card.lines[15].heading_level, 2);  // a setext heading
  EXPECT_EQ(card.lines[15].text, "Licence");
  EXPECT_EQ(card.lines.back().number, 27);
}

TEST(CardText, KeepsLinesAsWrittenWithoutTheirBreaks) {
  const CardText card = read_card_text("a **bold** [link](https://x)\r\nnext\n", 1);
  ASSERT_EQ(card.lines.size(), 2u);
  EXPECT_EQ(card.lines[0].text, "a **bold** [link](https://x)");
  EXPECT_EQ(card.lines[0].kind, CardLineKind::kProse);
  EXPECT_EQ(card.lines[1].text, "next");
}

TEST(CardText, AnUnclosedFenceRunsToTheEnd) {
  const CardText card = read_card_text("text\n```\ncode\nmore\n", 1);
  ASSERT_EQ(card.lines.size(), 4u);
  EXPECT_EQ(card.lines[2].kind, CardLineKind::kCode);
  EXPECT_EQ(card.lines[3].kind, CardLineKind::kCode);
}

TEST(CardText, EmptyBodyHasNoLines) { EXPECT_TRUE(read_card_text("", 5).lines.empty()); }

// Every reader of prose sees the card the parse sees: an indented code block
// is code to the lineage reader too (before the one parse, only fences were).
TEST(CardEvidence, LineageIsNeverReadFromCode) {
  const std::string body =
      "This model is fine-tuned from meta-llama/Llama-3.1-8B.\n"
      "\n"
      "    model = load('fine-tuned from mistralai/Mistral-7B-v0.1')\n"
      "\n"
      "~~~\n"
      "fine-tuned from Qwen/Qwen2-7B\n"
      "~~~\n";
  const CardEvidence card = read_card_evidence(body, 3, "org/model");
  ASSERT_EQ(card.lineage.size(), 1u);
  EXPECT_EQ(card.lineage[0].base, "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(card.lineage[0].line, 3);
  EXPECT_EQ(card.text.lines.size(), 7u);
}

// Licence statements are typed evidence: the words that may name the
// licence, best first; resolving them is assess's job. Lines about another
// thing's licence, and code, state nothing.
TEST(CardEvidence, LicenseStatementsCarryTheirCandidateWords) {
  const std::string body =
      "This model is released under the Apache 2.0 license.\n"
      "The base model's license is Llama 2.\n"
      "```\n"
      "License: gemma\n"
      "```\n"
      "## License\n"
      "\n"
      "[MIT](https://opensource.org/licenses/MIT)\n";
  const CardEvidence card = read_card_evidence(body, 10, "org/model");
  ASSERT_EQ(card.license_statements.size(), 2u);
  EXPECT_EQ(card.license_statements[0].line, 10);
  EXPECT_EQ(card.license_statements[0].candidates,
            (std::vector<std::string>{"Apache 2.0 license."}));
  EXPECT_EQ(card.license_statements[1].line, 17);
  EXPECT_EQ(card.license_statements[1].candidates,
            (std::vector<std::string>{"[MIT](https://opensource.org/licenses/MIT)"}));
  EXPECT_EQ(markdown_plain(card.license_statements[1].candidates[0]), "MIT");
}

// The release date is a typed record of the card's evidence, with its line;
// a licence's "Version Release Date" dates the licence, not the model.
TEST(CardEvidence, StatedReleaseDateWithItsLine) {
  const std::string body =
      "Llama 3.1 Version Release Date: July 23, 2024\n"
      "\n"
      "| Release date | Sep 2024 |\n"
      "|---|---|\n";
  const CardEvidence card = read_card_evidence(body, 4, "org/model");
  ASSERT_TRUE(card.release_date.has_value());
  EXPECT_EQ(card.release_date->month, "2024-09");
  EXPECT_EQ(card.release_date->line, 6);
  EXPECT_FALSE(read_card_evidence("no date here\n", 1, "").release_date.has_value());
}

}  // namespace
}  // namespace owl
