// Behaviour of LicenseIndex::identify() on texts built from the corpus.
#include "owl/identify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "identify/tokenise.h"
#include "test_support.h"

namespace owl {
namespace {

using owl::testing::corpus;
using owl::testing::read_file;

const LicenseIndex& index() { return LicenseIndex::builtin(); }

std::string licence(const std::string& path) { return read_file(corpus("licenses/" + path)); }

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

bool has_change(const Identification& r, RightsChange change) {
  return std::any_of(r.modifications.begin(), r.modifications.end(),
                     [&](const Modification& m) { return m.change == change; });
}

TEST(Identify, ApacheWithAppendedUseRestrictionsIsNotPlainApache) {
  const std::string text = licence("gemma-code/LICENSE") +
                           "\n\nATTACHMENT A\nUSE RESTRICTIONS\nYou agree not to use the Model or "
                           "Derivatives of the Model:\n- For military use in any way;\n- To "
                           "generate or disseminate verifiably false information to harm others.\n";
  const Identification r = index().identify(text);
  EXPECT_EQ(r.verdict, Verdict::kModified);
  EXPECT_EQ(r.id, "Apache-2.0");
  EXPECT_EQ(r.modified_from, "Apache-2.0");
  EXPECT_TRUE(has_change(r, RightsChange::kAppendedAttachment));
  EXPECT_TRUE(has_change(r, RightsChange::kUseRestrictions));
  ASSERT_EQ(r.added.size(), 1u);
  EXPECT_NE(r.added[0].text.find("ATTACHMENT A"), std::string::npos);
  EXPECT_TRUE(r.removed.empty());
}

TEST(Identify, KimiK2IsModifiedMitWithTheDisplayClause) {
  const Identification r = index().identify(licence("kimi-k2/LICENSE"));
  EXPECT_EQ(r.verdict, Verdict::kModified);
  EXPECT_EQ(r.id, "LicenseRef-owl-kimi-k2");
  EXPECT_EQ(r.modified_from, "MIT");
  ASSERT_TRUE(has_change(r, RightsChange::kDisplayAttribution));
  EXPECT_TRUE(has_change(r, RightsChange::kUsageThreshold));
  const auto display = std::find_if(
      r.modifications.begin(), r.modifications.end(),
      [](const Modification& m) { return m.change == RightsChange::kDisplayAttribution; });
  EXPECT_NE(display->evidence.find("\"Kimi K2\""), std::string::npos);
}

// MiniMax M2's modified MIT is indexed: it names its own entry, like Kimi K2's.
TEST(Identify, MiniMaxM2IsModifiedMitWithItsOwnEntry) {
  const Identification r = index().identify(licence("minimax-m2/LICENSE"));
  EXPECT_EQ(r.verdict, Verdict::kModified);
  EXPECT_EQ(r.id, "LicenseRef-owl-minimax-m2");
  EXPECT_EQ(r.modified_from, "MIT");
  EXPECT_TRUE(has_change(r, RightsChange::kDisplayAttribution));
}

// A display clause no entry holds, added to the plain MIT text (our words).
TEST(Identify, AnUnindexedDisplayClauseOnMitIsFoundToo) {
  const std::string text =
      licence("deepseek-r1/LICENSE") +
      "\nOne further condition: if the Software or a derivative of it is used in a commercial "
      "product with more than 50 million monthly active users, you shall prominently display "
      "\"Acme Lark\" on the user interface of that product.\n";
  const Identification r = index().identify(text);
  EXPECT_EQ(r.verdict, Verdict::kModified);
  EXPECT_EQ(r.id, "MIT");
  EXPECT_TRUE(has_change(r, RightsChange::kDisplayAttribution));
}

TEST(Identify, ShuffledWordsDoNotMatch) {
  std::istringstream in(licence("gemma-code/LICENSE"));
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  std::mt19937 rng(42);
  std::shuffle(words.begin(), words.end(), rng);
  std::string salad;
  for (const auto& w : words) salad += w + " ";
  const Identification r = index().identify(salad);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_TRUE(r.id.empty());
  EXPECT_LT(r.score, 0.3);
}

TEST(Identify, UnknownTextSaysUnknownWithNearestCandidates) {
  const Identification r = index().identify(
      "Permission is granted to any person who sends the author a postcard to use, copy and share "
      "this model, provided that the person does not sell it and keeps this notice. The model is "
      "provided without warranty of any kind and the author is not liable for any damages.");
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_LT(r.candidates.front().score, 0.5);
}

TEST(Identify, ChangedVersionNumberIsAVariantNotTheLicence) {
  const Identification r =
      index().identify(replace_all(licence("llama-3.2/LICENSE"), "3.2", "3.7"));
  EXPECT_EQ(r.verdict, Verdict::kVariantOf);
  EXPECT_EQ(r.id, "LicenseRef-owl-llama-3.2");
  ASSERT_FALSE(r.version_differences.empty());
  EXPECT_NE(r.version_differences.front().find("3.7"), std::string::npos);
}

TEST(Identify, ChangedDateIsAVariantOfTheDatedTerms) {
  const Identification r = index().identify(replace_all(
      licence("gemma-terms-2024-04/LICENSE.weights.txt"), "April 1, 2024", "May 5, 2026"));
  EXPECT_EQ(r.verdict, Verdict::kVariantOf);
  EXPECT_EQ(r.id, "LicenseRef-owl-gemma-2024-04-01");
  EXPECT_EQ(r.version, "2024-04-01");
}

TEST(Identify, CloseVersionsStaySeparateAfterReflow) {
  const Identification l31 = index().identify(replace_all(licence("llama-3.1/LICENSE"), "\n", " "));
  const Identification l32 =
      index().identify(replace_all(licence("llama-3.2/LICENSE"), "\n", "  \n"));
  EXPECT_EQ(l31.id, "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(l31.verdict, Verdict::kExact);
  EXPECT_EQ(l32.id, "LicenseRef-owl-llama-3.2");
  EXPECT_EQ(l32.verdict, Verdict::kExact);
}

TEST(Identify, RemovedSectionIsDescribedBySizeAndPlace) {
  const std::string apache = licence("gemma-code/LICENSE");
  const size_t cut = apache.find("9. Accepting Warranty");
  const size_t end = apache.find("END OF TERMS AND CONDITIONS");
  ASSERT_NE(cut, std::string::npos);
  const size_t removed_words = identify::normalised_words(apache.substr(cut, end - cut)).size();
  const Identification r = index().identify(apache.substr(0, cut) + apache.substr(end));
  EXPECT_EQ(r.verdict, Verdict::kModified);
  EXPECT_EQ(r.id, "Apache-2.0");
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].words, removed_words);
  EXPECT_EQ(r.removed[0].input_offset, cut);  // where "END OF TERMS" now starts
  EXPECT_NE(r.removed[0].after.find("of such damages"), std::string::npos);
  EXPECT_TRUE(r.added.empty());
}

// MIT without "The above copyright notice ... shall be included" is MIT-0.
TEST(Identify, MitWithoutItsNoticeClauseIsMitZero) {
  const std::string mit = licence("deepseek-r1/LICENSE");
  const size_t cut = mit.find("The above copyright notice");
  const size_t end = mit.find("THE SOFTWARE IS PROVIDED");
  const Identification r = index().identify(mit.substr(0, cut) + mit.substr(end));
  EXPECT_EQ(r.id, "MIT-0");
  EXPECT_EQ(r.verdict, Verdict::kNearExact);
}

TEST(Identify, ApacheAndMitInOneFileAreSeveral) {
  const Identification r =
      index().identify(licence("gemma-code/LICENSE") + "\n\n" + licence("deepseek-r1/LICENSE"));
  EXPECT_EQ(r.verdict, Verdict::kSeveral);
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_EQ(r.components[0].id, "Apache-2.0");
  EXPECT_EQ(r.components[1].id, "MIT");
  EXPECT_EQ(r.id, "Apache-2.0 AND MIT");
}

TEST(Identify, NoticeNamingLicencesIsAPointerToEach) {
  const Identification r = index().identify(
      "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright \xC2\xA9 Meta "
      "Platforms, Inc. All Rights Reserved. Gemma is provided under and subject to the Gemma Terms "
      "of Use found at ai.google.dev/gemma/terms.");
  EXPECT_EQ(r.verdict, Verdict::kPointer);
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_EQ(r.components[0].id, "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(r.components[1].id, "LicenseRef-owl-gemma-2025-03-24");
  EXPECT_TRUE(r.components[0].referenced_only);
}

TEST(Identify, OneLineReferenceIsAPointerWithItsTarget) {
  const Identification r =
      index().identify("Please refer to license: https://example.com/LICENSE.md\n");
  EXPECT_EQ(r.verdict, Verdict::kPointer);
  EXPECT_EQ(r.pointer_target, "https://example.com/LICENSE.md");
}

TEST(Identify, ModelCardIsReportedAsSuch) {
  EXPECT_EQ(index().identify("---\nlicense: mit\nbase_model: x/y\n---\n# My model\n").verdict,
            Verdict::kModelCard);
  EXPECT_EQ(index().identify("# X\n## Model Details\ntext\n## Intended Use\ntext\n").verdict,
            Verdict::kModelCard);
}

TEST(Identify, EmptyAndBinaryInputsAreUnknown) {
  EXPECT_EQ(index().identify("").verdict, Verdict::kUnknown);
  const std::string binary("\x00\x01\xFF\xFE\x80", 5);
  const Identification r = index().identify(binary);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.input_words, 0u);
}

TEST(Identify, PolicyIsReportedWithItsMatchQuality) {
  const Identification r = index().identify(licence("llama-3.1/USE_POLICY.md"));
  EXPECT_EQ(r.verdict, Verdict::kPolicy);
  EXPECT_EQ(r.quality, MatchQuality::kExact);
  EXPECT_EQ(r.document, EntryKind::kPolicy);
  EXPECT_EQ(r.family, "llama-aup");
  EXPECT_EQ(r.version, "3.1");
}

TEST(Identify, IdenticalSpdxTextsListTheirEquivalents) {
  const size_t gpl = index().find("GPL-3.0-only");
  ASSERT_LT(gpl, index().size());
  const Identification r = index().identify(licence("llama-1/LICENSE"));
  EXPECT_EQ(r.id, "GPL-3.0-only");
  EXPECT_NE(std::find(r.equivalent_ids.begin(), r.equivalent_ids.end(), "GPL-3.0-or-later"),
            r.equivalent_ids.end());
}

}  // namespace
}  // namespace owl
