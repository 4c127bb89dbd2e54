#include "owl/lineage.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "golden.h"
#include "owl/model_card.h"
#include "test_support.h"

namespace owl {
namespace {

std::string family_of(std::string_view name) {
  const auto family = resolve_family(name);
  return family ? family->family + (family->version.empty() ? "" : " " + family->version) : "-";
}

TEST(ResolveFamily, ThroughReuploadsAndQuantisers) {
  EXPECT_EQ(family_of("meta-llama/Llama-3.1-8B-Instruct"), "llama 3.1");
  EXPECT_EQ(family_of("NousResearch/Meta-Llama-3-8B"), "llama 3");
  EXPECT_EQ(family_of("TheBloke/Llama-2-7B-GGUF"), "llama 2");
  EXPECT_EQ(family_of("unsloth/llama-3.2-1b-instruct-bnb-4bit"), "llama 3.2");
  EXPECT_EQ(family_of("huggyllama/llama-7b"), "llama");  // a size, not a version
  EXPECT_EQ(family_of("bartowski/gemma-2-9b-it-GGUF"), "gemma 2");
  EXPECT_EQ(family_of("Qwen/Qwen2.5-7B-Instruct"), "qwen 2.5");
  EXPECT_EQ(family_of("mistralai/Mixtral-8x7B-v0.1"), "mistral");
  EXPECT_EQ(family_of("deepseek-ai/DeepSeek-V3"), "deepseek 3");
  // Meta never used "v" versions; "v1.0" is the fine-tune's own.
  EXPECT_EQ(family_of("yentinglin/Taiwan-LLaMa-v1.0-base"), "llama");
  EXPECT_EQ(family_of("someone/llama-v2-7b-chat"), "llama 2");
}

TEST(ResolveFamily, ArchitectureIsNotLineage) {
  EXPECT_EQ(family_of("TinyLlama/TinyLlama-1.1B-Chat-v1.0"), "tinyllama");
  EXPECT_EQ(family_of("cognitivecomputations/dolphin-2.9"), "-");  // "phi" inside a word
  EXPECT_EQ(family_of("some-org/yield-predictor"), "-");
  EXPECT_EQ(family_of("codellama/CodeLlama-7b-hf"), "codellama");
}

TEST(ProseLineage, ModelCardTemplateLine) {
  const auto found = extract_prose_lineage(
      "# Model\n\n- **Finetuned from model:** "
      "[deepseek-ai/deepseek-math-7b-base](https://huggingface.co/deepseek-ai/"
      "deepseek-math-7b-base)\n",
      10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].base, "deepseek-ai/deepseek-math-7b-base");
  EXPECT_EQ(found[0].relation, BaseRelation::kFinetune);
  EXPECT_EQ(found[0].line, 12);
}

TEST(ProseLineage, LinkUrlNamesTheRepoEvenWhenTheTextDoesNot) {
  const auto found = extract_prose_lineage(
      "This model is a fine-tuned version of "
      "[vit-base-patch16-384](https://huggingface.co/google/vit-base-patch16-384) on x.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].base, "google/vit-base-patch16-384");
}

TEST(ProseLineage, PlaceholdersAndNonModelsAreIgnored) {
  EXPECT_TRUE(
      extract_prose_lineage("- **Finetuned from model [optional]:** [More Information Needed]")
          .empty());
  EXPECT_TRUE(
      extract_prose_lineage("The architecture is based on the transformer of Vaswani et al.")
          .empty());
  EXPECT_TRUE(
      extract_prose_lineage("ProtGPT2 is based on the GPT2 Transformer architecture.").empty());
  EXPECT_TRUE(extract_prose_lineage(
                  "The tokenizer is based on "
                  "[EleutherAI/gpt-neox-20b](https://huggingface.co/EleutherAI/gpt-neox-20b).")
                  .empty());
  EXPECT_TRUE(
      extract_prose_lineage("Trained with code based on "
                            "[EleutherAI/gpt-neox](https://github.com/EleutherAI/gpt-neox).")
          .empty());
  EXPECT_TRUE(extract_prose_lineage(
                  "```python\nmodel = load('fine-tuned version of meta-llama/Llama-2-7b')\n```")
                  .empty());
}

TEST(ProseLineage, FreeNamesWithVersionsAndChinese) {
  auto found = extract_prose_lineage(
      "We release a model based on Llama 2 with continued pretraining of "
      "`mistralai/Mistral-7B-v0.1`.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].base, "mistralai/Mistral-7B-v0.1");
  EXPECT_EQ(found[0].relation, BaseRelation::kContinuedPretraining);
  EXPECT_EQ(found[1].base, "Llama-2");
  EXPECT_EQ(family_of(found[1].base), "llama 2");
  found = extract_prose_lineage(
      "\xe6\x9c\xac\xe6\xa8\xa1\xe5\x9e\x8b\xe5\x9f\xba\xe4\xba\x8eLlama2-"
      "7B\xe5\xbe\xae\xe8\xb0\x83");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].base, "Llama2-7B");
  EXPECT_EQ(family_of(found[0].base), "llama 2");
}

// A base stated as a label, a distillation, a format conversion, "a
// derivative of", a bare Hub URL; each with the relation its words state.
TEST(ProseLineage, LabelsDistillationsConversionsAndBareUrls) {
  const auto one = [](std::string_view text) {
    const auto found = extract_prose_lineage(text);
    EXPECT_EQ(found.size(), 1u) << text;
    return found.empty() ? ProseLineage{} : found[0];
  };
  auto found =
      one("Base LLM: [meta-llama/Meta-Llama-3-8B-Instruct]"
          "(https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct)");
  EXPECT_EQ(found.base, "meta-llama/Meta-Llama-3-8B-Instruct");
  EXPECT_EQ(found.relation, BaseRelation::kDerived);
  EXPECT_EQ(found.confidence, Confidence::kHigh);
  found = one("Base model is [BerTweet](https://huggingface.co/vinai/bertweet-base).");
  EXPECT_EQ(found.base, "vinai/bertweet-base");
  found =
      one("Our models are distilled from "
          "[stabilityai/stable-diffusion-xl-base-1.0](https://huggingface.co/stabilityai/"
          "stable-diffusion-xl-base-1.0).");
  EXPECT_EQ(found.relation, BaseRelation::kBasedOn);
  EXPECT_EQ(found.confidence, Confidence::kMedium);  // a teacher, not the weights
  found =
      one("This repository contains the conversion of "
          "[openai/whisper-base](https://huggingface.co/openai/whisper-base) to CTranslate2.");
  EXPECT_EQ(found.base, "openai/whisper-base");
  EXPECT_EQ(found.relation, BaseRelation::kQuantized);
  found = one("It is a derivative of Llama-3.1-70B-instruct (AKA the reference model).");
  EXPECT_EQ(family_of(found.base), "llama 3.1");
  found = one("Manticore was fine-tuned from the base model LlaMa 13B, please refer to it.");
  EXPECT_EQ(found.base, "LlaMa-13B");  // a size, not Llama 13
  EXPECT_EQ(family_of(found.base), "llama");
  found = one("- **Finetuned from model [optional]:** https://huggingface.co/org/some-model-7b");
  EXPECT_EQ(found.base, "org/some-model-7b");
  EXPECT_EQ(found.confidence, Confidence::kHigh);
  // A deeper Hub path names its repo; a size ends a sentence whole.
  found = one("Finetuned from https://huggingface.co/meta-llama/Llama-2-7b-hf/tree/main today.");
  EXPECT_EQ(found.base, "meta-llama/Llama-2-7b-hf");
  EXPECT_EQ(found.confidence, Confidence::kHigh);
  found = one("This model is fine-tuned from LLaMA 13B.");
  EXPECT_EQ(found.base, "LLaMA-13B");
  EXPECT_EQ(family_of(found.base), "llama");
  // Citing the base's paper is no reference list.
  found = one("Fine-tuned from meta-llama/Llama-2-7b-hf (Touvron et al., 2023).");
  EXPECT_EQ(found.base, "meta-llama/Llama-2-7b-hf");
  found = one("It was fine-tuned from [Meta Llama 3 8B] on chat data.");
  EXPECT_EQ(family_of(found.base), "llama 3");
}

TEST(ProseLineage, DerivativeAndConversionWordsThatNameNoBase) {
  for (std::string_view text :
       {"If any derivative of this model is made, please share your changes.",
        "This work is a derivative of [the Yi Series Model You Base On] by 01.AI, used under "
        "the Apache 2.0 License.",
        "The base model is trained on 2T tokens.",
        "However, the weights were converted from the [timm "
        "repository](https://github.com/rwightman/pytorch-image-models).",
        "See https://example.com/huggingface.co/org/model for details, fine-tuned from "
        "http://evil.example/huggingface.co/org/model.",
        "Fine-tuned on [llama-chat](https://huggingface.co/datasets/org/llama-chat) and "
        "finetuned from https://huggingface.co/spaces/org/llama-demo.",
        "[3]: Sanh, V. (2019). DistilBERT, a distilled version of BERT. arXiv preprint."})
    EXPECT_TRUE(extract_prose_lineage(text).empty()) << text;
}

// "This is a Stable Diffusion model fine-tuned on ...": the base is the
// sentence's subject. "trained" alone counts only after a Hub repo id.
TEST(ProseLineage, TheBaseAsTheSentencesSubject) {
  auto found = extract_prose_lineage(
      "This is a Stable Diffusion model fine-tuned on the hasbulla concept with DreamBooth.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].base, "Stable-Diffusion");
  EXPECT_EQ(found[0].relation, BaseRelation::kFinetune);
  EXPECT_EQ(found[0].confidence, Confidence::kMedium);
  found = extract_prose_lineage(
      "This is a `microsoft/codebert-base-mlm` model, trained for 1,000,000 steps on Python.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].base, "microsoft/codebert-base-mlm");
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
  found = extract_prose_lineage(
      "* This is the [cointegrated/rubert-tiny](https://huggingface.co/cointegrated/rubert-tiny) "
      "model fine-tuned for classification of sentiment.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].base, "cointegrated/rubert-tiny");
  for (std::string_view text :
       {"This is a GPT-2 model trained on Portuguese text.",  // GPT-2's design, trained anew
        "This is a [org/x](https://huggingface.co/org/x) model trained from scratch on code.",
        "We note that this is a Llama-2 model fine-tuned by others.",
        "This is a model fine-tuned on our data."})
    EXPECT_TRUE(extract_prose_lineage(text).empty()) << text;
}

// A family written in two capitalised words, then its version.
TEST(ProseLineage, TwoWordFamilyNames) {
  const auto found = extract_prose_lineage(
      "This `stable-diffusion-2-1-unclip` is a finetuned version of Stable Diffusion 2.1, "
      "modified to accept CLIP image embeddings.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].base, "Stable-Diffusion-2.1");
  EXPECT_EQ(family_of(found[0].base), "stable-diffusion 2.1");
}

// Every real card goes through the one parse and the lineage reader without
// a crash; what they see across the corpus is in the golden file, so a
// change in what the extractor accepts shows there as one diff. (A sample of
// 20 claims was read by hand when the reader was written, and every claim
// gained or lost since has been read by hand too; the last: "Base model:",
// distillation and conversion phrases and bare Hub URLs gained 133 claims
// (Systran's faster-whisper conversions, FLUX.1-dev GGUF conversions, SDXL
// distillations, LLaVA's "Base LLM:"), paper titles and citations dropped
// "DistilBERT, a distilled version of BERT" from six cards that cite it;
// then the base as a sentence's subject and two-word family names gained 36
// ("This is a Stable Diffusion model fine-tuned on ...", "This is the
// [roberta-base](...) model, fine-tuned using ...").)
TEST(ProseLineageGolden, RealCardCorpus) {
  size_t cards = 0, with_prose = 0, claims = 0;
  std::map<std::string, size_t> lines_by_kind;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::corpus("model-cards/hf-readme-2024"))) {
    auto card = read_model_card(testing::read_file(entry.path()));
    ASSERT_TRUE(card.has_value()) << entry.path();
    const auto evidence = read_card_evidence(card->body, card->body_line, "");
    ++cards;
    with_prose += evidence.lineage.empty() ? 0 : 1;
    claims += evidence.lineage.size();
    for (const auto& line : evidence.text.lines) ++lines_by_kind[to_string(line.kind)];
  }
  std::vector<std::string> lines = {fmt::format("cards = {}", cards),
                                    fmt::format("cards with prose lineage = {}", with_prose),
                                    fmt::format("prose lineage claims = {}", claims)};
  for (const auto& [kind, count] : lines_by_kind)
    lines.push_back(fmt::format("card lines {} = {}", kind, count));
  testing::expect_golden("prose lineage", lines);
}

}  // namespace
}  // namespace owl
