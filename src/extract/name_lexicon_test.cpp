#include "owl/name_lexicon.h"

#include <gtest/gtest.h>

#include "owl/lineage.h"

namespace owl {
namespace {

TEST(NameLexicon, TheEmbeddedFileValidates) {
  const auto& lexicon = NameLexicon::builtin();
  for (const auto& error : lexicon.errors) ADD_FAILURE() << error.message();
  EXPECT_GE(lexicon.families.size(), 50u);
  EXPECT_GE(lexicon.lineage_phrases.size(), 20u);
  EXPECT_TRUE(lexicon.names_family("llama"));
  EXPECT_FALSE(lexicon.names_family("no-such-family"));
}

TEST(NameLexicon, EachBrokenEntryIsNamedAndLeftOut) {
  const auto lexicon = NameLexicon::parse("mine.yaml", R"(
families:
  - {key: llama, family: llama}
  - {key: llama, family: llama}
  - {key: codellama, family: codellama}
  - {key: Qwen, family: qwen}
published_versions:
  gemma: ["2"]
lineage_phrases:
  - {phrase: "tuned from", relation: finetune}
  - {phrase: "sired by", relation: offspring}
lineage_subjects:
  cues: ["this is a "]
  verbs:
    - {verb: "fine-tuned", relation: finetune}
    - {verb: "Trained", relation: finetune}
tool_names: ["Llama.cpp"]
license_cues: ["license:"]
release_date_cues: ["release date"]
lineage_exclusions:
  design_words:
    - {word: "architecture", reach: 36}
    - {word: "blueprint", reach: 0}
card_mentions:
  - {mention: paper, on: any-line, words: ["arxiv.org/"]}
  - {mention: poem, on: heading, words: ["poem"]}
  - {mention: code-link, on: footer, words: ["github.com/"]}
  - {mention: training-code-link, on: any-line, words: ["train"]}
generic_name_words: ["Instruct"]
)");
  std::vector<std::string> rules;
  for (const auto& error : lexicon.errors) rules.push_back(error.rule());
  EXPECT_EQ(rules, (std::vector<std::string>{
                       "names.duplicate-key", "names.key-order", "names.family", "names.versions",
                       "names.lineage-phrase", "names.lineage-subject", "names.design-word",
                       "names.card-mention", "names.card-mention", "names.card-mention",
                       "names.word", "names.word"}));
  ASSERT_EQ(lexicon.families.size(), 2u);  // llama, and codellama (kept, but misplaced)
  ASSERT_EQ(lexicon.lineage_phrases.size(), 1u);
  EXPECT_EQ(lexicon.lineage_phrases[0].relation, BaseRelation::kFinetune);
  ASSERT_EQ(lexicon.lineage_subjects.verbs.size(), 1u);  // "Trained" is not lower case
  EXPECT_EQ(lexicon.lineage_subjects.verbs[0].verb, "fine-tuned");
  ASSERT_EQ(lexicon.lineage_exclusions.design_words.size(), 1u);
  ASSERT_EQ(lexicon.card_mentions.size(), 1u);
  EXPECT_EQ(lexicon.card_mentions[0].mention, CardMentionKind::kPaper);
}

TEST(NameLexicon, ALexiconWithoutCuesSaysSo) {
  const auto lexicon =
      NameLexicon::parse("bare.yaml", "families:\n  - {key: llama, family: llama}\n");
  std::vector<std::string> rules;
  for (const auto& error : lexicon.errors) rules.push_back(error.rule());
  EXPECT_EQ(rules, (std::vector<std::string>{"names.lineage-subject", "names.license-cues",
                                             "names.release-date-cues"}));
}

TEST(NameLexicon, QuantisedCopiesAndToolsAreKnownByName) {
  EXPECT_TRUE(is_quantised_name("TheBloke/Llama-2-7B-GGUF"));
  EXPECT_TRUE(is_quantised_name("org/Qwen2-7B-AWQ"));
  EXPECT_FALSE(is_quantised_name("meta-llama/Llama-3.1-8B"));
  EXPECT_TRUE(is_tool_name("llama.cpp"));
  EXPECT_TRUE(is_tool_name("LLaMA-Factory"));
  EXPECT_FALSE(is_tool_name("Llama-2-7b"));
}

// Published versions come from the lexicon: "v3.1" after "llama" is Meta's
// version, "v1.0" is the derivative's own.
TEST(NameLexicon, PublishedVersionsDecideWhatAVPrefixMeans) {
  ASSERT_TRUE(resolve_family("Taiwan-LLaMa-v1.0").has_value());
  EXPECT_EQ(resolve_family("Taiwan-LLaMa-v1.0")->version, "");
  EXPECT_EQ(resolve_family("llama-v2-7b")->version, "2");
}

}  // namespace
}  // namespace owl
