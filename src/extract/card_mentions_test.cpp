// What a card mentions of the release's parts: typed records with their
// line, read from the one parse with the lexicon's words.
#include "owl/card_mentions.h"

#include <gtest/gtest.h>

#include "owl/card_text.h"

namespace owl {
namespace {

std::string kinds_and_lines(const std::vector<CardMention>& mentions) {
  std::string out;
  for (const auto& mention : mentions)
    out += std::string(to_string(mention.kind)) + "@" + std::to_string(mention.line) + " ";
  return out;
}

TEST(CardMentions, EachKindWithItsFirstLine) {
  const std::string body =
      "# Model\n"                                                // 10
      "See the paper at https://arxiv.org/abs/2401.00001.\n"     // 11
      "## Evaluation results\n"                                  // 12
      "Evaluation on our own set, not a heading.\n"              // 13
      "## Training data\n"                                       // 14
      "Code: https://github.com/acme/model\n"                    // 15
      "Training scripts: https://github.com/acme/train\n"        // 16
      "We publish intermediate checkpoints every 1000 steps.\n"  // 17
      "## Benchmarks\n";                                         // 18
  const auto mentions = find_card_mentions(read_card_text(body, 10));
  EXPECT_EQ(kinds_and_lines(mentions),
            "paper@11 evaluation-section@12 training-data-section@14 code-link@15 "
            "training-code-link@16 intermediate-checkpoints@17 ");
  ASSERT_FALSE(mentions.empty());
  EXPECT_EQ(mentions[0].text, "See the paper at https://arxiv.org/abs/2401.00001.");
}

TEST(CardMentions, HeadingOnlyWordsNeedAHeading) {
  const auto mentions =
      find_card_mentions(read_card_text("Our evaluation used the training data of X.\n", 1));
  EXPECT_EQ(kinds_and_lines(mentions), "");
}

TEST(CardMentions, ALongCardStillYieldsOneMentionOfEachKind) {
  std::string body;
  for (int i = 0; i < 500; ++i)
    body += "See https://github.com/acme/model" + std::to_string(i) + "\n\n";
  const auto mentions = find_card_mentions(read_card_text(body, 1));
  EXPECT_EQ(kinds_and_lines(mentions), "code-link@1 ");
}

std::string kinds_of(std::string_view path) {
  std::string out;
  for (const auto kind : release_file_kinds(path)) out += std::string(to_string(kind)) + " ";
  return out;
}

TEST(ReleaseFiles, KindsComeFromTheLexiconsGlobs) {
  EXPECT_EQ(kinds_of("config.json"), "model-architecture ");
  EXPECT_EQ(kinds_of("Modeling_Acme.py"), "model-architecture inference-code ");
  EXPECT_EQ(kinds_of("train_lora.py"), "training-code ");  // never also inference code
  EXPECT_EQ(kinds_of("scripts/pretraining/run.py"), "training-code ");
  EXPECT_EQ(kinds_of("demo.ipynb"), "inference-code ");
  EXPECT_EQ(kinds_of("data/train-00001.parquet"), "datasets ");
  EXPECT_EQ(kinds_of("paper.PDF"), "technical-report ");
  EXPECT_EQ(kinds_of("eval_results.json"), "evaluation-results ");
  EXPECT_EQ(kinds_of("runs/checkpoint-500/model.safetensors"), "intermediate-checkpoints ");
  EXPECT_EQ(kinds_of("model.safetensors"), "");
  EXPECT_EQ(kinds_of("README.md"), "");
}

}  // namespace
}  // namespace owl
