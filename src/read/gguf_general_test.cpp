// gguf_general: licence and lineage keys gathered from parsed files.
#include <gtest/gtest.h>

#include <string>

#include "builders/gguf_builder.h"
#include "owl/bytes.h"
#include "owl/gguf.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::bytes_of;
using testing::GgufBuilder;

GgufGeneral general_of_corpus(const std::string& relative) {
  auto mapped = MappedFile::open(testing::corpus(relative).string());
  EXPECT_TRUE(mapped.has_value());
  auto file = read_gguf(mapped->bytes());
  EXPECT_TRUE(file.has_value()) << file.error().message();
  return file.has_value() ? gguf_general(*file) : GgufGeneral{};
}

GgufGeneral general_of(const std::string& bytes) {
  auto file = read_gguf(bytes_of(bytes));
  EXPECT_TRUE(file.has_value()) << file.error().message();
  return file.has_value() ? gguf_general(*file) : GgufGeneral{};
}

TEST(GgufGeneral, GeneratedLineageFileYieldsEveryField) {
  const GgufGeneral general = general_of_corpus("gguf-generated/tiny-lineage-F32.gguf");
  EXPECT_EQ(general.name, "Tiny Lineage Test");
  EXPECT_EQ(general.architecture, "llama");
  EXPECT_EQ(general.license, "apache-2.0");
  EXPECT_EQ(general.license_name, "Apache License 2.0");
  EXPECT_EQ(general.license_link, "https://www.apache.org/licenses/LICENSE-2.0");
  EXPECT_EQ(general.source_url, "https://example.invalid/src");
  EXPECT_EQ(general.source_repo_url, std::nullopt);
  EXPECT_EQ(general.size_label, "1K");
  EXPECT_EQ(general.organization, std::nullopt);
  EXPECT_EQ(general.file_type, std::nullopt);
  ASSERT_EQ(general.base_models.size(), 2u);
  EXPECT_EQ(general.base_models[0].name, "Base A");
  EXPECT_EQ(general.base_models[0].organization, "Org A");
  EXPECT_EQ(general.base_models[0].repo_url, "https://huggingface.co/org-a/base-a");
  EXPECT_EQ(general.base_models[1].name, "Base B");
  EXPECT_EQ(general.base_models[1].organization, std::nullopt);
  EXPECT_EQ(general.base_models[1].repo_url, "https://huggingface.co/org-b/base-b");
  ASSERT_EQ(general.datasets.size(), 1u);
  EXPECT_EQ(general.datasets[0].name, "Dataset X");
  EXPECT_EQ(general.datasets[0].repo_url, "https://huggingface.co/datasets/org/x");
  EXPECT_EQ(general.tags, (std::vector<std::string>{"test", "lineage"}));
  EXPECT_EQ(general.languages, (std::vector<std::string>{"en"}));
  EXPECT_TRUE(general.has_chat_template);
}

TEST(GgufGeneral, VocabFilesCarryNameAndFileTypeButNoLicence) {
  const GgufGeneral phi3 = general_of_corpus("gguf/ggml-vocab-phi-3.gguf");
  EXPECT_EQ(phi3.name, "Phi3");
  EXPECT_EQ(phi3.architecture, "phi3");
  EXPECT_EQ(phi3.file_type, 1u);
  EXPECT_EQ(phi3.license, std::nullopt);
  EXPECT_TRUE(phi3.base_models.empty());
  EXPECT_TRUE(phi3.has_chat_template);
  const GgufGeneral spm = general_of_corpus("gguf/ggml-vocab-llama-spm.gguf");
  EXPECT_FALSE(spm.has_chat_template);
}

TEST(GgufGeneral, DatasetsArrayAndIndexedDatasetsBothCount) {
  const GgufGeneral general = general_of(GgufBuilder()
                                             .kv_strings("general.datasets", {"org/a", "org/b"})
                                             .kv_u32("general.dataset.count", 1)
                                             .kv_string("general.dataset.0.name", "C")
                                             .kv_string("general.dataset.0.organization", "Org")
                                             .kv_string("general.dataset.0.version", "v2")
                                             .build());
  ASSERT_EQ(general.datasets.size(), 3u);
  EXPECT_EQ(general.datasets[0].name, "org/a");
  EXPECT_EQ(general.datasets[1].name, "org/b");
  EXPECT_EQ(general.datasets[2].name, "C");
  EXPECT_EQ(general.datasets[2].organization, "Org");
  EXPECT_EQ(general.datasets[2].version, "v2");
}

TEST(GgufGeneral, HuggingFaceRepositoryBecomesTheSourceRepoUrl) {
  const GgufGeneral general =
      general_of(GgufBuilder()
                     .kv_string("general.source.huggingface.repository", "meta-llama/Llama-2-7b")
                     .build());
  EXPECT_EQ(general.source_repo_url, "https://huggingface.co/meta-llama/Llama-2-7b");
  const GgufGeneral both =
      general_of(GgufBuilder()
                     .kv_string("general.source.huggingface.repository", "a/b")
                     .kv_string("general.source.repo_url", "https://github.com/a/b")
                     .build());
  EXPECT_EQ(both.source_repo_url, "https://github.com/a/b");
}

TEST(GgufGeneral, BaseModelsWithoutCountOrWithGapsAreStillFound) {
  const GgufGeneral general = general_of(GgufBuilder()
                                             .kv_string("general.base_model.2.name", "third")
                                             .kv_string("general.base_model.x.name", "ignored")
                                             .kv_string("general.base_model.0name", "ignored")
                                             .build());
  ASSERT_EQ(general.base_models.size(), 3u);
  EXPECT_EQ(general.base_models[0].name, std::nullopt);
  EXPECT_EQ(general.base_models[2].name, "third");
}

TEST(GgufGeneral, HostileLineageCountsAreCapped) {
  const GgufGeneral general = general_of(
      GgufBuilder()
          .kv("general.base_model.count", GgufType::kUint64, GgufBuilder::u64(1ull << 62))
          .kv_string("general.base_model.99999999999.name", "far")
          .build());
  EXPECT_EQ(general.base_models.size(), 256u);
}

TEST(GgufGeneral, MistypedKeysAreAbsentNotErrors) {
  const GgufGeneral general = general_of(GgufBuilder()
                                             .kv_u32("general.license", 7)
                                             .kv_string("general.file_type", "F16")
                                             .kv_string("general.tags", "not-an-array")
                                             .build());
  EXPECT_EQ(general.license, std::nullopt);
  EXPECT_EQ(general.file_type, std::nullopt);
  EXPECT_TRUE(general.tags.empty());
}

TEST(GgufGeneral, NamedChatTemplatesCount) {
  EXPECT_TRUE(general_of(GgufBuilder().kv_string("tokenizer.chat_template.tool_use", "{}").build())
                  .has_chat_template);
  EXPECT_FALSE(general_of(GgufBuilder().kv_string("tokenizer.chat_templates", "x").build())
                   .has_chat_template);
}

}  // namespace
}  // namespace owl
