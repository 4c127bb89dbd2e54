#include "identify/tokenise.h"

#include <gtest/gtest.h>

namespace owl::identify {
namespace {

TEST(FrontMatter, SkipsLeadingYamlBlock) {
  EXPECT_EQ(front_matter_end("---\nkey: x\n---\nbody"), 15u);
  EXPECT_EQ(front_matter_end("---\r\nkey: x\r\n---\r\nbody"), 18u);
}

TEST(FrontMatter, UnterminatedBlockIsNotFrontMatter) {
  EXPECT_EQ(front_matter_end("---\nkey: x\nno end"), 0u);
  EXPECT_EQ(front_matter_end("text\n---\n"), 0u);
}

TEST(CopyrightLine, StatementsAreSkippedButClausesMentioningCopyrightAreNot) {
  EXPECT_TRUE(is_copyright_line("Copyright (c) 2023 DeepSeek"));
  EXPECT_TRUE(is_copyright_line("   Copyright 2023-2024 01.AI"));
  EXPECT_TRUE(is_copyright_line("Copyright: Copyright (c) 2006 by Apple Computer, Inc."));
  EXPECT_TRUE(is_copyright_line("Copyright [yyyy] [name of copyright owner]"));
  EXPECT_TRUE(is_copyright_line("\xC2\xA9 2024 Someone"));
  EXPECT_TRUE(is_copyright_line("(c) 2020 Someone"));
  EXPECT_FALSE(is_copyright_line("(c) You must retain, in the Source form"));
  EXPECT_FALSE(is_copyright_line("copyright owner or entity authorized by"));
  EXPECT_FALSE(is_copyright_line("Copyright and Similar Rights means"));
}

TEST(FoldWord, DropsUrlSchemesAndFoldsBritishSpelling) {
  EXPECT_EQ(fold_word("https"), "");
  EXPECT_EQ(fold_word("www"), "");
  EXPECT_EQ(fold_word("licence"), "license");
  EXPECT_EQ(fold_word("organisation"), "organization");
  EXPECT_EQ(fold_word("model"), "model");
}

TEST(VersionWords, NumbersDatesAndMonthsBearVersions) {
  EXPECT_TRUE(is_version_bearing("3.1"));
  EXPECT_TRUE(is_version_bearing("2"));
  EXPECT_TRUE(is_version_bearing("march"));
  EXPECT_FALSE(is_version_bearing("llama"));
  EXPECT_TRUE(is_strong_version("3.1"));
  EXPECT_TRUE(is_strong_version("2024"));
  EXPECT_TRUE(is_strong_version("april"));
  EXPECT_FALSE(is_strong_version("2"));  // list numbering looks the same
}

TEST(Words, PunctuationMarkdownAndCaseOnlySeparate) {
  const std::vector<std::string> expected = {"llama", "3.1", "is",     "licensed",
                                             "under", "the", "license"};
  EXPECT_EQ(
      normalised_words("**Llama 3.1** is _licensed_ under the [Licence](https://x)"),
      (std::vector<std::string>{"llama", "3.1", "is", "licensed", "under", "the", "license", "x"}));
  EXPECT_EQ(normalised_words("* Llama   3.1 is\n  licensed under\tthe LICENSE."), expected);
}

TEST(Words, CurlyQuotesAndDashesAreSeparatorsCjkIsOneWordPerCharacter) {
  EXPECT_EQ(normalised_words("\xE2\x80\x9CSoftware\xE2\x80\x9D \xE2\x80\x94 x"),
            (std::vector<std::string>{"software", "x"}));
  EXPECT_EQ(normalised_words("\xE8\xAE\xB8\xE5\x8F\xAF\xEF\xBC\x8C"),  // 许可，
            (std::vector<std::string>{"\xE8\xAE\xB8", "\xE5\x8F\xAF"}));
}

TEST(Words, LettersAndDigitsSplitDottedNumbersStayWhole) {
  EXPECT_EQ(normalised_words("llama3 v1.1 FLUX.1 3.1.1 end."),
            (std::vector<std::string>{"llama", "3", "v", "1.1", "flux", "1", "3.1.1", "end"}));
}

TEST(Words, CopyrightLinesAndFrontMatterAreSkipped) {
  EXPECT_EQ(normalised_words("---\nkey: v\n---\nCopyright (c) 2024 X\nMIT License\n"),
            (std::vector<std::string>{"mit", "license"}));
}

TEST(Tokenise, InvalidUtf8IsASeparatorAndOffsetsPointIntoTheInput) {
  const std::string text = "ab\xFF\xC3 cd";
  const std::vector<Token> tokens = tokenise(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "cd");
  EXPECT_EQ(tokens[0].hash, word_hash("ab"));
}

TEST(Tokenise, StopsAtTheTokenCap) { EXPECT_EQ(tokenise("a b c d e", 3).size(), 3u); }

}  // namespace
}  // namespace owl::identify
