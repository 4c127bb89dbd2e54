// read_release: names that promise a format are held to its magic, reader
// warnings reach the release, an unreadable card is an error that leaves no
// licence guessed, and --hash refuses a file that changes under it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "owl/audit.h"
#include "owl/read.h"
#include "read/sha256_internal.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

Release read_dir(const fs::path& dir, const ReadOptions& options = {}) {
  auto found = find_releases(dir.string());
  EXPECT_TRUE(found.has_value());
  EXPECT_EQ(found->size(), 1u);
  return read_release(found->front(), options);
}

const Artifact* artifact_at(const Release& release, const std::string& path) {
  for (const auto& artifact : release.artifacts)
    if (artifact.path == path) return &artifact;
  return nullptr;
}

std::string safetensors_bytes(const std::string& header) {
  std::string bytes(8, '\0');
  uint64_t length = header.size();
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
  return bytes + header + std::string(4, '\0');
}

TEST(WeightsMagic, FilesNamedAsWeightsWithoutTheirMagicAreErrorsNamingIt) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  write_file(dir.path() / "model.gguf", "this is not a model at all");
  write_file(dir.path() / "model.safetensors", "junk junk junk junk");
  write_file(dir.path() / "pytorch_model.bin", "\x01\x02\x03\x04 raw");
  write_file(dir.path() / "weights.pt", "");
  const Release release = read_dir(dir.path());
  const std::pair<const char*, const char*> expected[] = {
      {"model.gguf", "gguf.magic"},
      {"model.safetensors", "safetensors.magic"},
      {"pytorch_model.bin", "pytorch.magic"},
      {"weights.pt", "pytorch.magic"}};
  for (const auto& [path, rule] : expected) {
    const Artifact* artifact = artifact_at(release, path);
    ASSERT_NE(artifact, nullptr) << path;
    ASSERT_TRUE(artifact->error.has_value()) << path;
    EXPECT_EQ(artifact->error->rule(), rule) << path;
  }
  EXPECT_NE(artifact_at(release, "model.gguf")->error->message().find("expected magic 'GGUF'"),
            std::string::npos);
  EXPECT_NE(artifact_at(release, "model.gguf")->error->message().find("74 68 69 73"),
            std::string::npos);  // the bytes found, as hex, never raw
}

TEST(WeightsMagic, LfsPointerZipAndPickleKeepTheirMeaning) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  write_file(dir.path() / "model.safetensors",
             "version https://git-lfs.github.com/spec/v1\noid sha256:"
             "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
  write_file(dir.path() / "legacy.bin", std::string("\x80\x02}q\x00.", 6));
  write_file(dir.path() / "zipped.pth", std::string("PK\x03\x04", 4) + std::string(60, '\0'));
  const Release release = read_dir(dir.path());
  const Artifact* pointer = artifact_at(release, "model.safetensors");
  ASSERT_NE(pointer, nullptr);
  EXPECT_EQ(pointer->format, ArtifactFormat::kLfsPointer);
  EXPECT_FALSE(pointer->error.has_value());
  const Artifact* legacy = artifact_at(release, "legacy.bin");
  ASSERT_NE(legacy, nullptr);
  if (legacy->error) {
    EXPECT_NE(legacy->error->rule(), "pytorch.magic");
  }
  const Artifact* zipped = artifact_at(release, "zipped.pth");
  ASSERT_NE(zipped, nullptr);
  if (zipped->error) {
    EXPECT_NE(zipped->error->rule(), "pytorch.magic");
  }
}

TEST(ReaderWarnings, SafetensorsTensorWithUnknownFieldsWarnsOnTheArtifact) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  write_file(dir.path() / "model.safetensors",
             safetensors_bytes(
                 R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"colour":"red"}})"));
  const Release release = read_dir(dir.path());
  const Artifact* artifact = artifact_at(release, "model.safetensors");
  ASSERT_NE(artifact, nullptr);
  ASSERT_FALSE(artifact->error.has_value()) << artifact->error->message();
  ASSERT_EQ(artifact->warnings.size(), 1u);
  EXPECT_NE(artifact->warnings[0].find("safetensors.tensor-extra-field"), std::string::npos);
}

TEST(ReaderWarnings, CardWarningsStayOnTheCardDocument) {
  TempDir dir;
  write_file(dir.path() / "README.md", "---\nlicense: mit\nlicense: apache-2.0\n---\n# r\n");
  const Release release = read_dir(dir.path());
  ASSERT_EQ(release.documents.size(), 1u);
  ASSERT_FALSE(release.documents[0].warnings.empty());
  EXPECT_NE(release.documents[0].warnings[0].find("card.duplicate-key"), std::string::npos);
}

// Each declared base carries a typed relation and the place that declared
// it; a relation the Hub does not define is no relation, and the card says so.
TEST(BaseDeclarations, RelationAndOriginAreTyped) {
  TempDir dir;
  write_file(dir.path() / "README.md",
             "---\nbase_model: org/base\nbase_model_relation: Fine-Tune\n---\n# r\n");
  write_file(dir.path() / "adapter_config.json", R"({"base_model_name_or_path": "org/other"})");
  Release release = read_dir(dir.path());
  ASSERT_EQ(release.base_models.size(), 2u);
  EXPECT_EQ(release.base_models[0].relation, BaseRelation::kFinetune);
  EXPECT_EQ(release.base_models[0].origin, BaseOrigin::kCardMetadata);
  EXPECT_EQ(release.base_models[1].relation, BaseRelation::kAdapter);
  EXPECT_EQ(release.base_models[1].origin, BaseOrigin::kAdapterConfig);

  write_file(dir.path() / "README.md",
             "---\nbase_model: org/base\nbase_model_relation: distilled\n---\n# r\n");
  fs::remove(dir.path() / "adapter_config.json");
  release = read_dir(dir.path());
  ASSERT_EQ(release.base_models.size(), 1u);
  EXPECT_EQ(release.base_models[0].relation, BaseRelation::kDerived);
  ASSERT_EQ(release.documents.size(), 1u);
  ASSERT_EQ(release.documents[0].warnings.size(), 1u);
  EXPECT_EQ(release.documents[0].warnings[0].rfind("card.base-model-relation:", 0), 0u);
}

TEST(BaseDeclarations, HubRelationNamesAndTheirSpellings) {
  EXPECT_EQ(base_relation_named("finetune"), BaseRelation::kFinetune);
  EXPECT_EQ(base_relation_named("fine_tuned"), BaseRelation::kFinetune);
  EXPECT_EQ(base_relation_named("quantised"), BaseRelation::kQuantized);
  EXPECT_EQ(base_relation_named("merge"), BaseRelation::kMerge);
  EXPECT_EQ(base_relation_named("LoRA"), BaseRelation::kAdapter);
  EXPECT_EQ(base_relation_named("based on"), std::nullopt);
  EXPECT_STREQ(to_string(BaseRelation::kContinuedPretraining), "continued-pretraining");
  EXPECT_STREQ(to_string(BaseOrigin::kMergeConfig), "merge config");
}

TEST(CardErrors, BrokenYamlIsAnErrorAndNoLicenceIsTakenFromProse) {
  TempDir dir;
  write_file(dir.path() / "README.md",
             "---\nlicense: [mit\n---\nThis model is released under the Apache 2.0 licence.\n");
  const Release release = read_dir(dir.path());
  ASSERT_TRUE(release.card_error.has_value());
  EXPECT_EQ(release.card_error->rule(), "card.yaml-syntax");
  ASSERT_EQ(release.problems.size(), 1u);
  EXPECT_TRUE(release.licenses.empty());
  EXPECT_TRUE(release.card_body.empty());  // so no prose claims either
}

TEST(CardErrors, CardWhoseFrontMatterOverrunsTheReadCapIsAnError) {
  TempDir dir;
  std::string card = "---\nlicense: apache-2.0\n";
  while (card.size() < 4096) card += "tags:\n- filler\n";
  card += "---\nLicensed under the MIT licence.\n";
  write_file(dir.path() / "README.md", card);
  ReadOptions options;
  options.max_document_bytes = 1024;
  const Release release = read_dir(dir.path(), options);
  ASSERT_TRUE(release.card_error.has_value());
  EXPECT_EQ(release.card_error->rule(), "card.front-matter-too-large");
  EXPECT_TRUE(release.licenses.empty());
  EXPECT_TRUE(release.card_body.empty());
}

TEST(CardErrors, UnreadableCardNeverGivesAnAllowedVerdictOrNoLicence) {
  TempDir dir;
  const fs::path root = dir.path() / "model";
  write_file(root / "README.md", "---\nlicense: apache-2.0\ngated: [\n---\n# m\n");
  fs::copy_file(testing::corpus("licenses/gpt-oss/LICENSE"), root / "LICENSE");
  AuditOptions options;
  DeploymentProfile profile;
  profile.commercial = true;
  options.assess.profile = profile;
  auto found = find_releases(root.string());
  ASSERT_TRUE(found.has_value());
  const ReleaseAudit audit = audit_release(found->front(), options);
  ASSERT_TRUE(audit.assessment.use.has_value());
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNeedsReview);
  bool names_card = false;
  for (const auto& reason : audit.assessment.use->reasons)
    names_card |= reason.text.find("card.yaml-syntax") != std::string::npos;
  EXPECT_TRUE(names_card);
  for (const auto& item : audit.summary.items)
    EXPECT_EQ(item.statement.find("declares no licence"), std::string::npos) << item.statement;
}

TEST(CardErrors, UnreadableCardAloneIsNotReportedAsDeclaringNoLicence) {
  TempDir dir;
  write_file(dir.path() / "README.md", "---\nlicense: [mit\n---\n");
  auto found = find_releases(dir.path().string());
  ASSERT_TRUE(found.has_value());
  AuditOptions options;
  options.assess.profile = DeploymentProfile{};
  const ReleaseAudit audit = audit_release(found->front(), options);
  for (const auto& conflict : audit.assessment.conflicts)
    EXPECT_EQ(conflict.message.find("declares no licence"), std::string::npos);
  ASSERT_TRUE(audit.assessment.use.has_value());
  EXPECT_EQ(audit.assessment.use->permission, Permission::kNeedsReview);
}

TEST(HashChange, FileGrowingWhileHashedIsAnErrorNotADigest) {
  TempDir dir;
  const fs::path file = dir.path() / "model.gguf";
  write_file(file, std::string(3u << 20, 'a'));
  auto digest = detail::sha256_file(
      file.string(), [&] { std::ofstream(file, std::ios::binary | std::ios::app) << "more"; });
  ASSERT_FALSE(digest.has_value());
  EXPECT_EQ(digest.error().rule(), "hash.file-changed");
}

TEST(HashChange, FileReplacedWhileHashedIsAnErrorNotADigest) {
  TempDir dir;
  const fs::path file = dir.path() / "model.gguf";
  write_file(file, std::string(3u << 20, 'a'));
  auto digest = detail::sha256_file(file.string(), [&] {
    write_file(dir.path() / "new", std::string(3u << 20, 'a'));
    fs::rename(dir.path() / "new", file);
  });
  ASSERT_FALSE(digest.has_value());
  EXPECT_EQ(digest.error().rule(), "hash.file-changed");
  EXPECT_NE(digest.error().detail().find("replaced"), std::string::npos);
}

TEST(HashChange, UnchangedFileHashes) {
  TempDir dir;
  write_file(dir.path() / "abc", "abc");
  auto digest = sha256_file((dir.path() / "abc").string());
  ASSERT_TRUE(digest.has_value());
  EXPECT_EQ(*digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace owl

namespace owl {
namespace {

// MLX writes plain safetensors with __metadata__ format "mlx"; a quantised
// layer is packed U32 weights with .scales and .biases beside it.
TEST(MlxSafetensors, ReadAsSafetensorsWithTheirWriterNoted) {
  const std::string header = R"({"__metadata__":{"format":"mlx"},)"
                             R"("l.weight":{"dtype":"U32","shape":[2,1],"data_offsets":[0,8]},)"
                             R"("l.scales":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},)"
                             R"("l.biases":{"dtype":"F16","shape":[2],"data_offsets":[12,16]}})";
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  bytes += header + std::string(16, '\0');
  TempDir dir;
  write_file(dir.path() / "model.safetensors", bytes);
  write_file(dir.path() / "README.md", "# mlx\n");
  const Release release = read_dir(dir.path());
  const Artifact* artifact = artifact_at(release, "model.safetensors");
  ASSERT_NE(artifact, nullptr);
  EXPECT_EQ(artifact->format, ArtifactFormat::kSafetensors);
  EXPECT_FALSE(artifact->error) << artifact->error->message();
  EXPECT_EQ(artifact->tensor_count, 3u);
  EXPECT_FALSE(artifact->safety);
  EXPECT_NE(std::find(artifact->notes.begin(), artifact->notes.end(),
                      "written by MLX, quantised (packed weights with scales and biases)"),
            artifact->notes.end());
  EXPECT_TRUE(release.problems.empty());
}

}  // namespace
}  // namespace owl
