// Sentences in a card that name a base, but of some other model: each case
// is a sentence from a real card in ../shared/corpus/model-cards/hf-readme-2024.
#include <gtest/gtest.h>

#include "owl/lineage.h"

namespace owl {
namespace {

std::vector<std::string> bases(std::string_view body, std::string_view release = {}) {
  std::vector<std::string> names;
  for (const auto& found : extract_prose_lineage(body, 1, release)) names.push_back(found.base);
  return names;
}

using Names = std::vector<std::string>;

TEST(NamesOtherModel, SubjectsWithWordsOfTheirOwn) {
  EXPECT_TRUE(names_other_model("GuoFeng4", "xiaolxl/Gf_style2"));
  EXPECT_TRUE(
      names_other_model("argilla/distilabeled-Marcoro14-7B-slerp", "mlabonne/NeuralBeagle14-7B"));
  EXPECT_FALSE(names_other_model("Platypus-70B-instruct", "garage-bAInd/Platypus2-70B-instruct"));
  EXPECT_FALSE(names_other_model("T0", "bigscience/T0pp"));
  EXPECT_FALSE(names_other_model("deepseek-coder-6.7b-instruct",
                                 "TheBloke/deepseek-coder-6.7B-instruct-GGUF"));
  EXPECT_FALSE(names_other_model("Llama-3-Typhoon-1.5-8B-instruct",
                                 "scb10x/llama-3-typhoon-v1.5-8b-instruct"));
}

TEST(NamesOtherModel, SiblingSizesOfOneFamily) {
  EXPECT_TRUE(names_other_model("Yi-9B", "01-ai/Yi-34B-200K"));
  EXPECT_FALSE(names_other_model("Yi-9B", "01-ai/Yi-9B-200K"));
  // Family words and versions alone say nothing either way.
  EXPECT_FALSE(names_other_model("Llama-3", "akjindal53244/Llama-3.1-Storm-8B"));
  EXPECT_FALSE(names_other_model("ChatGLM-6B", "fb700/chatglm-fitness-RLHF"));
  EXPECT_FALSE(names_other_model("", "x/y"));
}

TEST(SameModel, CaseAndOrgAside) {
  EXPECT_TRUE(same_model("Granite-3.1-1B-A400M-Base", "ibm-granite/granite-3.1-1b-a400m-base"));
  EXPECT_TRUE(same_model("a/Model", "b/model"));
  EXPECT_FALSE(same_model("Llama-2-7b", "Llama-2-13b"));
}

TEST(ProseLineageOfOtherModels, SentenceSubjectNamesAnotherModel) {
  const std::string yi = "Yi-9B is continuously trained based on Yi-6B, using 0.8T tokens.";
  EXPECT_EQ(bases(yi, "01-ai/Yi-34B"), Names{});
  EXPECT_EQ(bases(yi, "01-ai/Yi-9B"), Names{"Yi-6B"});
  EXPECT_EQ(bases(yi), Names{"Yi-6B"});  // without a release name nothing is filtered
  EXPECT_EQ(bases("* [argilla/distilabeled-Marcoro14-7B-slerp](https://huggingface.co/argilla/"
                  "distilabeled-Marcoro14-7B-slerp), based on [mlabonne/Marcoro14-7B-slerp]"
                  "(https://huggingface.co/mlabonne/Marcoro14-7B-slerp)",
                  "mlabonne/NeuralBeagle14-7B"),
            Names{});
  EXPECT_EQ(bases("Llama-3-Open-Ko-8B model is continued pretrained language model based on "
                  "Llama-3-8B.",
                  "beomi/Llama-3-Open-Ko-8B"),
            Names{"Llama-3-8B"});
  EXPECT_EQ(bases("T0* models are based on [T5](https://huggingface.co/google/t5-v1_1-large), a "
                  "Transformer-based encoder-decoder language model",
                  "bigscience/T0pp"),
            Names{"google/t5-v1_1-large"});
}

TEST(ProseLineageOfOtherModels, AnotherMajorVersionOfTheReleasesFamily) {
  const std::string news = "* [2023/08] We released Bllossom v1.0, based on llama-2.";
  EXPECT_EQ(bases(news, "Bllossom/llama-3-Korean-Bllossom-70B"), Names{});
  EXPECT_EQ(bases(news, "Bllossom/llama-2-Korean-Bllossom-7B"), Names{"llama-2"});
}

TEST(ProseLineageOfOtherModels, BaseGivenOnlyForSomeModels) {
  const std::string rerankers =
      "Our rerankers are initialized from [google/gemma-2b](https://huggingface.co/google/"
      "gemma-2b) (for llm-based reranker) and [openbmb/MiniCPM-2B-dpo-bf16](https://"
      "huggingface.co/openbmb/MiniCPM-2B-dpo-bf16) (for layerwise reranker).";
  EXPECT_EQ(bases(rerankers, "BAAI/bge-reranker-v2-m3"), Names{});
  EXPECT_EQ(bases(rerankers, "BAAI/bge-reranker-v2-gemma"), Names{"google/gemma-2b"});
}

TEST(ProseLineageOfOtherModels, NewsSuccessorsDocumentsAndDesigns) {
  EXPECT_EQ(bases("GuoFeng4 based on SDXL has been released! : https://huggingface.co/xiaolxl/"
                  "GuoFeng4_XL"),
            Names{});
  EXPECT_EQ(bases("This is the direct successor of [Meta-Llama-3-120B-Instruct](https://"
                  "huggingface.co/mlabonne/Meta-Llama-3-120B-Instruct), a self-merge of "
                  "Llama-3-70B-Instruct."),
            Names{});
  EXPECT_EQ(bases("*This model card was written by: Justin Pinkney and is based on the [Stable "
                  "Diffusion model card](https://huggingface.co/CompVis/stable-diffusion-v1-4).*"),
            Names{});
  EXPECT_EQ(bases("It is based on [Google's BERT](https://arxiv.org/abs/1810.04805) architecture "
                  "and it is BERT-Base config."),
            Names{});
  // "architecture" far from the name is about the base, which is still the base.
  EXPECT_EQ(bases("This instruction model is based on Mistral-7B-v0.1, a transformer model with "
                  "the following architecture choices:"),
            Names{"Mistral-7B-v0.1"});
  // 我们的开发团队并未基于 Baichuan-13B 模型开发任何应用: "we built no application on it".
  EXPECT_EQ(bases("\xe6\x88\x91\xe4\xbb\xac\xe5\xb9\xb6\xe6\x9c\xaa\xe5\x9f\xba\xe4\xba\x8e "
                  "Baichuan-13B \xe6\xa8\xa1\xe5\x9e\x8b\xe5\xbc\x80\xe5\x8f\x91\xe4\xbb\xbb"
                  "\xe4\xbd\x95\xe5\xba\x94\xe7\x94\xa8"),
            Names{});
  EXPECT_EQ(bases("<td>Yi-9B is continuously trained based on Yi-6B, using 0.8T tokens.</td>"),
            Names{});
}

TEST(ProseLineageOfOtherModels, VariantWordsFinishTheName) {
  EXPECT_EQ(bases("<li>There may be issues with anatomy and text, as the model is based on Flux "
                  "Schnell.</li>"),
            Names{"Flux-Schnell"});
  // A tool named like a family is not a base; ancestry drops it by name.
  EXPECT_EQ(bases("\xe5\x9f\xba\xe4\xba\x8e LLaMA Factory \xe5\xbe\xae\xe8\xb0\x83"),
            Names{"LLaMA-Factory"});
}

}  // namespace
}  // namespace owl
