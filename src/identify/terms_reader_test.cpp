// The licence term reader: its lexicon, its number parser, and what it reads
// from real licence texts of ../shared/corpus/licenses and from copies of
// them rewritten the way labs rewrite a template.
#include <gtest/gtest.h>

#include <algorithm>

#include "owl/license_terms.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::corpus;
using testing::read_file;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t count = 0;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++count;
  }
  EXPECT_GT(count, 0u) << "the corpus text no longer holds '" << from << "'";
  return text;
}

const ReadThreshold* threshold_of(const ReadLicenseTerms& terms, ThresholdMetric metric) {
  for (const auto& t : terms.thresholds)
    if (t.metric == metric) return &t;
  return nullptr;
}

const ReadDuty* duty_of(const ReadLicenseTerms& terms, DutyKind kind) {
  for (const auto& d : terms.duties)
    if (d.kind == kind) return &d;
  return nullptr;
}

bool excludes(const ReadLicenseTerms& terms, const std::string& region) {
  for (const auto& t : terms.territories)
    if (std::find(t.excluded.begin(), t.excluded.end(), region) != t.excluded.end()) return true;
  return false;
}

TEST(TermLexicon, BuiltinLexiconValidates) {
  const auto& lexicon = TermLexicon::builtin();
  for (const auto& error : lexicon.errors()) ADD_FAILURE() << error.message();
  EXPECT_GE(lexicon.rules().size(), 20u);
  EXPECT_FALSE(lexicon.regions().empty());
  EXPECT_FALSE(lexicon.metrics().empty());
}

TEST(TermLexicon, EveryRuleReadsItsOwnExamples) {
  for (const auto& rule : TermLexicon::builtin().rules())
    for (const auto& example : rule.examples) {
      const auto signals = term_signals(example);
      EXPECT_NE(std::find(signals.begin(), signals.end(), rule.signal), signals.end())
          << rule.signal << " does not fire on its example: " << example;
    }
}

TEST(TermLexicon, RejectsUnknownSignalsAndUpperCasePhrases) {
  const auto lexicon = TermLexicon::parse("test.yaml", R"(
rules:
  - {signal: no-such-signal, phrases: ["x"], examples: ["x"]}
  - {signal: grant, phrases: ["Hereby Grant"], examples: ["hereby grant"]}
  - {signal: revocable, phrases: ["revoke"]}
metrics:
  - {metric: furlongs, phrases: ["furlongs"]}
)");
  const auto reported = [&](const std::string& words) {
    return std::any_of(lexicon.errors().begin(), lexicon.errors().end(), [&](const Error& e) {
      return e.message().find(words) != std::string::npos;
    });
  };
  EXPECT_TRUE(reported("no-such-signal"));
  EXPECT_TRUE(reported("lower case"));
  EXPECT_TRUE(reported("needs an example"));
  EXPECT_TRUE(reported("furlongs"));
  EXPECT_EQ(lexicon.rules().size(), 2u) << "the two rules with known signals are kept";
}

TEST(WrittenAmounts, ReadsTheWaysLicencesWriteNumbers) {
  const auto one = [](std::string_view text) {
    const auto found = find_amounts(text);
    return found.size() == 1 ? found.front() : WrittenAmount{-1, "?"};
  };
  EXPECT_EQ(one("greater than 700 million monthly active users").value, 700e6);
  EXPECT_EQ(one("more than usd $1,000,000 in annual revenue").value, 1e6);
  EXPECT_EQ(one("more than usd $1,000,000 in annual revenue").currency, "USD");
  EXPECT_EQ(one("20 million us dollars").currency, "USD");
  EXPECT_EQ(one("20 million us dollars").value, 20e6);
  EXPECT_EQ(one("月活跃用户数超过1亿").value, 1e8);
  EXPECT_EQ(one("超过一亿月活").value, 1e8);
  EXPECT_EQ(one("年收入超过100万元").value, 1e6);
  EXPECT_EQ(one("年收入超过100万元").currency, "CNY");
  EXPECT_EQ(one("€5m a year").value, 5e6);
  EXPECT_EQ(one("€5m a year").currency, "EUR");
  // Versions, sections, years and small counts are not amounts.
  EXPECT_TRUE(find_amounts("llama 3.2 version release date: september 25, 2024").empty());
  EXPECT_TRUE(find_amounts("section 4.2 of 12 pages").empty());
}

TEST(TermReader, ReadsLlama32AsWritten) {
  const auto terms = read_license_terms(read_file(corpus("licenses/llama-3.2/LICENSE")));
  EXPECT_EQ(terms.commercial, CommercialTerm::kAllowed);
  const auto* mau = threshold_of(terms, ThresholdMetric::kMonthlyActiveUsers);
  ASSERT_NE(mau, nullptr);
  EXPECT_EQ(mau->value, 700e6);
  EXPECT_EQ(mau->effect, ThresholdEffect::kNeedsLicence);
  EXPECT_EQ(mau->clause.section, "2");
  ASSERT_NE(duty_of(terms, DutyKind::kDisplay), nullptr);
  EXPECT_EQ(duty_of(terms, DutyKind::kDisplay)->detail, "Built with Llama");
  ASSERT_NE(duty_of(terms, DutyKind::kNamePrefix), nullptr);
  EXPECT_EQ(duty_of(terms, DutyKind::kNamePrefix)->detail, "Llama");
  EXPECT_TRUE(terms.use_restrictions.has_value());
  EXPECT_TRUE(terms.restrictions_flow_down);
  EXPECT_EQ(terms.licensor, "Meta Platforms Ireland Limited");
  EXPECT_EQ(terms.governing_law, "the State of California");
}

TEST(TermReader, ReadsHunyuanTerritoryAndOutputBan) {
  const auto terms =
      read_license_terms(read_file(corpus("licenses/tencent-hunyuan-large/LICENSE.txt")));
  EXPECT_TRUE(excludes(terms, "EU"));
  EXPECT_FALSE(excludes(terms, "CN")) << "the governing-law sentence names no exclusion";
  EXPECT_TRUE(terms.outputs_may_not_train_models.has_value());
  const auto* mau = threshold_of(terms, ThresholdMetric::kMonthlyActiveUsers);
  ASSERT_NE(mau, nullptr);
  EXPECT_EQ(mau->value, 100e6);
}

TEST(TermReader, ReadsNonCommercialAndRegistrationTexts) {
  EXPECT_EQ(
      read_license_terms(read_file(corpus("licenses/flux1-dev/LICENSE-FLUX1-dev"))).commercial,
      CommercialTerm::kForbidden);
  const auto stability =
      read_license_terms(read_file(corpus("licenses/stability-community-license/LICENSE.md")));
  EXPECT_EQ(stability.commercial, CommercialTerm::kAfterRegistration);
  const auto* revenue = threshold_of(stability, ThresholdMetric::kAnnualRevenue);
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(revenue->value, 1e6);
  EXPECT_EQ(revenue->currency, "USD");
  EXPECT_EQ(revenue->effect, ThresholdEffect::kNeedsLicence);
  EXPECT_EQ(read_license_terms(read_file(corpus("licenses/chatglm3-6b/MODEL_LICENSE"))).commercial,
            CommercialTerm::kAfterRegistration);
}

TEST(TermReader, ReadsKimiDisplayDutyThresholds) {
  const auto terms = read_license_terms(read_file(corpus("licenses/kimi-k2/LICENSE")));
  EXPECT_EQ(terms.commercial, CommercialTerm::kAllowed);
  const auto* mau = threshold_of(terms, ThresholdMetric::kMonthlyActiveUsers);
  const auto* revenue = threshold_of(terms, ThresholdMetric::kMonthlyRevenue);
  ASSERT_NE(mau, nullptr);
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(mau->value, 100e6);
  EXPECT_EQ(mau->effect, ThresholdEffect::kDuty);
  EXPECT_EQ(revenue->value, 20e6);
  EXPECT_EQ(duty_of(terms, DutyKind::kDisplay)->detail, "Kimi K2");
}

// --- Templates rewritten the way labs rewrite them ---------------------------

std::string llama32() { return read_file(corpus("licenses/llama-3.2/LICENSE")); }

TEST(TermReaderRewritten, NewLicensorAndLowerUserCap) {
  std::string text = replaced(llama32(), "Meta Platforms Ireland Limited", "Acme Models Ltd");
  text = replaced(text, "700 million monthly active users", "5 million monthly active users");
  const auto terms = read_license_terms(text);
  EXPECT_EQ(terms.licensor, "Acme Models Ltd");
  const auto* mau = threshold_of(terms, ThresholdMetric::kMonthlyActiveUsers);
  ASSERT_NE(mau, nullptr);
  EXPECT_EQ(mau->value, 5e6) << "the text's own number, not the template's 700M";
}

TEST(TermReaderRewritten, DailyUsersInsteadOfMonthly) {
  const auto terms = read_license_terms(
      replaced(llama32(), "700 million monthly active users", "300,000 daily active users"));
  const auto* dau = threshold_of(terms, ThresholdMetric::kDailyActiveUsers);
  ASSERT_NE(dau, nullptr);
  EXPECT_EQ(dau->value, 300e3);
}

TEST(TermReaderRewritten, RegistrationBeforeCommercialUse) {
  const auto terms =
      read_license_terms(llama32() +
                         "\n\n9. Commercial registration. Before any commercial use of the Llama "
                         "Materials you must register with the licensor using its online form.\n");
  EXPECT_EQ(terms.commercial, CommercialTerm::kAfterRegistration);
  ASSERT_TRUE(terms.commercial_clause.has_value());
  EXPECT_EQ(terms.commercial_clause->section, "9");
}

TEST(TermReaderRewritten, PersonalUseOnlyGrant) {
  const auto terms = read_license_terms(
      replaced(llama32(),
               "You are granted a non-exclusive, worldwide, non-transferable and "
               "royalty-free limited license",
               "You are granted, for personal use only, a non-exclusive, worldwide, "
               "non-transferable and royalty-free limited license"));
  EXPECT_EQ(terms.commercial, CommercialTerm::kResearchOrPersonalOnly);
}

TEST(TermReaderRewritten, TerritoryExclusion) {
  const auto terms = read_license_terms(
      llama32() +
      "\n\n10. Territory. This Agreement does not apply in the European Union or "
      "the United Kingdom.\n");
  EXPECT_TRUE(excludes(terms, "EU"));
  EXPECT_TRUE(excludes(terms, "GB"));
}

TEST(TermReaderRewritten, ChineseRegistrationClause) {
  const auto terms = read_license_terms(
      llama32() + "\n\n第九条 如您希望将本模型用于商业用途，须事先向许可方登记并获得书面授权。\n");
  EXPECT_EQ(terms.commercial, CommercialTerm::kNeedsAuthorisation);
  ASSERT_TRUE(terms.commercial_clause.has_value());
  EXPECT_EQ(terms.commercial_clause->section, "第九条");
}

TEST(TermReaderRewritten, ChineseUserCap) {
  const auto terms = read_license_terms(
      llama32() + "\n\n第十条 如您的产品月活跃用户数超过1000万，须向许可方单独申请许可。\n");
  const auto* mau = threshold_of(terms, ThresholdMetric::kMonthlyActiveUsers);
  ASSERT_NE(mau, nullptr);
  EXPECT_EQ(mau->value, 700e6) << "the English clause comes first";
  bool chinese = false;
  for (const auto& t : terms.thresholds) chinese |= t.value == 1e7;
  EXPECT_TRUE(chinese);
}

}  // namespace
}  // namespace owl
