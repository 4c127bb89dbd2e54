#include "owl/model_card.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "read/model_card_front_matter.h"
#include "test_support.h"

namespace owl {
namespace {

using owl::testing::corpus;
using owl::testing::read_file;

ModelCard read_card_file(const std::filesystem::path& path) {
  auto card = read_model_card(read_file(path));
  EXPECT_TRUE(card) << path << ": " << card.error().message();
  return card ? *card : ModelCard{};
}

ModelCard read_crawled(const std::string& name) {
  return read_card_file(corpus("model-cards/hf-readme-2024/" + name));
}

std::vector<std::pair<std::string, int>> pairs(const std::vector<CardValue>& values) {
  std::vector<std::pair<std::string, int>> out;
  for (const CardValue& value : values) out.emplace_back(value.value, value.line);
  return out;
}

std::pair<std::string, int> pair(const std::optional<CardValue>& value) {
  return value ? std::pair(value->value, value->line) : std::pair(std::string("<none>"), 0);
}

bool has_warning(const ModelCard& card, const std::string& rule) {
  for (const std::string& warning : card.warnings) {
    if (warning.rfind(rule + ":", 0) == 0) return true;
  }
  return false;
}

using Lines = std::vector<std::pair<std::string, int>>;

// ---- the whole 2024 crawl

struct CorpusCounts {
  int cards = 0, front_matter = 0, with_license = 0, errors = 0, warnings = 0;
  std::map<std::string, int> warning_rules;
};

TEST(ModelCardCorpus, EveryCrawledCardReadsWithExactCounts) {
  CorpusCounts counts;
  for (const auto& entry :
       std::filesystem::directory_iterator(corpus("model-cards/hf-readme-2024"))) {
    ++counts.cards;
    auto card = read_model_card(read_file(entry.path()));
    if (!card) {
      ++counts.errors;
      ADD_FAILURE() << entry.path().filename() << ": " << card.error().message();
      continue;
    }
    counts.front_matter += card->has_front_matter ? 1 : 0;
    counts.with_license += card->licenses.empty() ? 0 : 1;
    for (const std::string& warning : card->warnings) {
      ++counts.warnings;
      ++counts.warning_rules[warning.substr(0, warning.find(':'))];
    }
  }
  // Cross-checked with a Python script using the Hub's own front matter
  // regex and PyYAML: it finds 3,287 front matters, 2,868 with a license and
  // 1 YAML error. The differences are deliberate: 42 cards whose crawl
  // mangled line ends into "\r\r\n" defeat the Hub's regex but not this
  // reader (all 42 carry a license), and the one PyYAML error is a tab inside
  // a flow list, which YAML 1.2 (yaml-cpp) allows.
  EXPECT_EQ(counts.cards, 3424);
  EXPECT_EQ(counts.front_matter, 3329);
  EXPECT_EQ(counts.with_license, 2910);
  EXPECT_EQ(counts.errors, 0);
  EXPECT_EQ(counts.warning_rules,
            (std::map<std::string, int>{{"card.duplicate-key", 1},
                                        {"card.front-matter-unterminated", 1}}));
}

// Everything read_model_card returns, for comparing two readings.
std::string everything(const ModelCard& card) {
  std::string out = card.has_front_matter ? "fm\n" : "no-fm\n";
  const auto add = [&](const char* field, const CardValue& value) {
    out += std::string(field) + "=" + value.value + "@" + std::to_string(value.line) + "\n";
  };
  for (const auto* list :
       {&card.licenses, &card.base_models, &card.datasets, &card.tags, &card.languages})
    for (const CardValue& value : *list) add("list", value);
  for (const auto* scalar : {&card.license_name, &card.license_link, &card.base_model_relation,
                             &card.pipeline_tag, &card.library_name, &card.model_name, &card.gated})
    if (*scalar) add("scalar", **scalar);
  for (const auto& [key, value] : card.extra_gated) add(key.c_str(), value);
  for (const std::string& warning : card.warnings) out += "warning " + warning + "\n";
  return out + std::to_string(card.body_line) + "\n" + card.body;
}

TEST(ModelCardCorpus, SkippingUnreadBlocksChangesNoCard) {
  int compared = 0, with_model_index = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(corpus("model-cards/hf-readme-2024"))) {
    const std::string text = read_file(entry.path());
    auto fast = detail::read_model_card(text, /*skip_unread_blocks=*/true);
    auto whole = detail::read_model_card(text, /*skip_unread_blocks=*/false);
    ASSERT_TRUE(fast && whole) << entry.path();
    EXPECT_EQ(everything(*fast), everything(*whole)) << entry.path();
    ++compared;
    if (text.find("\nmodel-index:") != std::string::npos) ++with_model_index;
  }
  EXPECT_EQ(compared, 3424);
  EXPECT_EQ(with_model_index, 381);  // 87% of the crawl's front matter bytes
}

// ---- specific crawled cards

TEST(ModelCardCorpus, ListLicenseOnOneLine) {
  const ModelCard card = read_crawled("Deci_DeciLM-6b.md");
  EXPECT_EQ(pairs(card.licenses), (Lines{{"llama2", 2}, {"other", 2}}));
  EXPECT_EQ(pairs(card.datasets), (Lines{{"cerebras/SlimPajama-627B", 4}}));
  EXPECT_EQ(pair(card.pipeline_tag), pair(CardValue{"text-generation", 7}));
  EXPECT_EQ(pairs(card.tags), (Lines{{"Deci AI", 9}, {"DeciLM", 10}}));
  EXPECT_EQ(card.body_line, 105);
}

TEST(ModelCardCorpus, OtherLicenseWithNameAndLink) {
  const ModelCard card = read_crawled("Comfy-Org_flux1-dev.md");
  EXPECT_EQ(pairs(card.licenses), (Lines{{"other", 2}}));
  EXPECT_EQ(pair(card.license_name), pair(CardValue{"flux-1-dev-non-commercial-license", 3}));
  EXPECT_EQ(pair(card.license_link),
            pair(CardValue{
                "https://huggingface.co/black-forest-labs/FLUX.1-dev/resolve/main/LICENSE.md", 4}));
  EXPECT_EQ(card.body_line, 6);
}

TEST(ModelCardCorpus, BaseModelListWithMergeRelation) {
  const ModelCard card = read_crawled("OpenGVLab_InternVL2-8B.md");
  EXPECT_EQ(pairs(card.base_models),
            (Lines{{"OpenGVLab/InternViT-300M-448px", 6}, {"internlm/internlm2_5-7b-chat", 7}}));
  EXPECT_EQ(pair(card.base_model_relation), pair(CardValue{"merge", 8}));
  EXPECT_EQ(pair(card.library_name), pair(CardValue{"transformers", 4}));
  EXPECT_EQ(pairs(card.licenses), (Lines{{"mit", 2}}));
  EXPECT_EQ(card.tags.size(), 6u);
}

TEST(ModelCardCorpus, GatedLlamaCardKeepsEveryExtraGatedField) {
  const ModelCard card = read_crawled("NousResearch_Meta-Llama-3-8B-Instruct.md");
  EXPECT_EQ(pair(card.license_name), pair(CardValue{"llama3", 12}));
  EXPECT_EQ(pair(card.license_link), pair(CardValue{"LICENSE", 13}));
  ASSERT_EQ(card.extra_gated.size(), 4u);
  const CardValue& prompt = card.extra_gated.at("extra_gated_prompt");
  EXPECT_EQ(prompt.line, 14);
  EXPECT_EQ(prompt.value.rfind("### META LLAMA 3 COMMUNITY LICENSE AGREEMENT\n", 0), 0u);
  const CardValue& fields = card.extra_gated.at("extra_gated_fields");
  EXPECT_EQ(fields.line, 179);
  EXPECT_EQ(fields.value.rfind(R"({"First Name":"text","Last Name":"text","Date of birth":)"
                               R"("date_picker","Country":"country","Affiliation":"text",)"
                               R"("geo":"ip_location","By clicking Submit below)",
                               0),
            0u)
      << fields.value;
  EXPECT_EQ(pair(card.extra_gated.at("extra_gated_button_content")),
            pair(CardValue{"Submit", 187}));
  EXPECT_EQ(card.extra_gated.at("extra_gated_description").line, 186);
  EXPECT_FALSE(card.gated);
}

TEST(ModelCardCorpus, ChineseExtraGatedText) {
  const ModelCard card = read_crawled("yentinglin_Taiwan-LLaMa-v1.0.md");
  EXPECT_EQ(pair(card.extra_gated.at("extra_gated_button_content")),
            pair(CardValue{"Acknowledge license 同意以上內容", 14}));
  EXPECT_EQ(card.extra_gated.at("extra_gated_fields").value,
            R"({"Name":"text","Mail":"text","Organization":"text","Country":"text",)"
            R"("Any utilization of the Taiwan LLM repository mandates the explicit )"
            R"(acknowledgment and attribution to the original author":"checkbox"})");
  EXPECT_EQ(pairs(card.licenses), (Lines{{"llama2", 2}}));
  EXPECT_EQ(card.body_line, 22);
}

TEST(ModelCardCorpus, ChineseTags) {
  const ModelCard card = read_crawled("ali-vilab_MS-Image2Video.md");
  ASSERT_EQ(card.tags.size(), 6u);
  EXPECT_EQ(pair(card.tags[2]), pair(CardValue{"图到视频", 17}));
  EXPECT_EQ(pair(card.tags[5]), pair(CardValue{"生成", 20}));
  EXPECT_EQ(pairs(card.licenses), (Lines{{"cc-by-nc-nd-4.0", 8}}));
}

TEST(ModelCardCorpus, NoFrontMatterChineseBody) {
  const ModelCard card = read_crawled("LTP_small.md");
  EXPECT_FALSE(card.has_front_matter);
  EXPECT_EQ(card.body_line, 1);
  EXPECT_NE(card.body.find("提供了一系列中文自然语言处理工具"), std::string::npos);
  EXPECT_TRUE(card.licenses.empty());
  EXPECT_TRUE(card.warnings.empty());
}

TEST(ModelCardCorpus, DoubledCarriageReturnsStillDelimitFrontMatter) {
  const ModelCard card = read_crawled("John6666_real-mix-pony-v01-sdxl.md");
  EXPECT_TRUE(card.has_front_matter);
  EXPECT_EQ(pairs(card.licenses), (Lines{{"other", 2}}));
  EXPECT_EQ(pairs(card.tags),
            (Lines{{"text-to-image", 4}, {"stable-diffusion", 5}, {"stable-diffusion-xl", 6}}));
  EXPECT_EQ(card.body_line, 8);
}

TEST(ModelCardCorpus, DuplicateKeyLastWins) {
  const ModelCard card = read_crawled("BAAI_Emu3-Gen.md");
  EXPECT_EQ(pair(card.pipeline_tag), pair(CardValue{"any-to-any", 5}));
  EXPECT_TRUE(has_warning(card, "card.duplicate-key"));
}

TEST(ModelCardCorpus, NorwegianLanguageCodeStaysText) {
  // PyYAML would read `no` as false; the code for Norwegian must survive.
  const ModelCard card = read_crawled("NbAiLab_nb-bert-base-ner.md");
  EXPECT_EQ(pairs(card.languages), (Lines{{"no", 2}}));
  EXPECT_EQ(pairs(card.licenses), (Lines{{"cc-by-4.0", 3}}));
}

TEST(ModelCardCorpus, EmptyListItemIsSkipped) {
  const ModelCard card = read_crawled("QCRI_PropagandaTechniquesAnalysis-en-BERT.md");
  EXPECT_TRUE(card.datasets.empty());
  EXPECT_EQ(pairs(card.licenses), (Lines{{"MIT", 7}}));
}

TEST(ModelCardCorpus, UnterminatedFrontMatterIsBody) {
  const ModelCard card =
      read_crawled("TokenBender_llama2-7b-chat-hf-codeCherryPop-qLoRA-merged.md");
  EXPECT_FALSE(card.has_front_matter);
  EXPECT_TRUE(has_warning(card, "card.front-matter-unterminated"));
  EXPECT_EQ(card.body_line, 1);
}

TEST(ModelCardCorpus, GraniteRepoReadme) {
  const ModelCard card = read_card_file(corpus("hf-repo-granite/README.md"));
  EXPECT_EQ(pairs(card.licenses), (Lines{{"apache-2.0", 4}}));
  EXPECT_EQ(pairs(card.base_models), (Lines{{"ibm-granite/granite-3.1-1b-a400m-base", 10}}));
  EXPECT_EQ(pair(card.pipeline_tag), pair(CardValue{"text-generation", 2}));
  EXPECT_EQ(pairs(card.tags), (Lines{{"language", 7}, {"granite-3.1", 8}}));
  EXPECT_EQ(card.body_line, 12);
  EXPECT_EQ(card.body.rfind("\n# Granite-3.1-1B-A400M-Instruct\n", 0), 0u);
}

TEST(ModelCardCorpus, LicenceCorpusCards) {
  const ModelCard yi =
      read_card_file(corpus("licenses/model-card-yi-2023-11/HUGGINGFACE_README.md"));
  EXPECT_EQ(pairs(yi.licenses), (Lines{{"other", 2}}));
  EXPECT_EQ(pair(yi.license_name), pair(CardValue{"yi-license", 3}));
  EXPECT_EQ(pair(yi.license_link), pair(CardValue{"LICENSE", 4}));
  const ModelCard bloom = read_card_file(corpus("licenses/bloom-model-card/README.md"));
  EXPECT_EQ(pairs(bloom.licenses), (Lines{{"bigscience-bloom-rail-1.0", 2}}));
  EXPECT_EQ(bloom.body_line, 53);
  EXPECT_EQ(pair(bloom.languages.front()), pair(CardValue{"ak", 4}));
}

TEST(ModelCardCorpus, EveryMarkdownFileInTheLicenceCorpusReads) {
  std::set<std::string> with_front_matter;
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus("licenses"))) {
    if (entry.path().extension() != ".md") continue;
    ++files;
    const ModelCard card = read_card_file(entry.path());
    if (card.has_front_matter) {
      with_front_matter.insert(entry.path().parent_path().filename().string() + "/" +
                               entry.path().filename().string());
    }
  }
  EXPECT_EQ(files, 23);
  EXPECT_EQ(with_front_matter,
            (std::set<std::string>{"bloom-model-card/README.md",
                                   "model-card-granite-3.1-1b-a400m-instruct/README.md",
                                   "model-card-yi-2023-11/HUGGINGFACE_README.md"}));
}

}  // namespace
}  // namespace owl
