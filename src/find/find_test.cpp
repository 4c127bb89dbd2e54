#include "owl/find.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

TEST(ClassifyFile, RecognisesReleaseFilesByName) {
  EXPECT_EQ(classify_file("model-00001-of-00002.safetensors"), FileRole::kWeights);
  EXPECT_EQ(classify_file("Q4_K_M/model.gguf"), FileRole::kWeights);
  EXPECT_EQ(classify_file("model.safetensors.index.json"), FileRole::kWeightsIndex);
  EXPECT_EQ(classify_file("model.safetensors.index.json@0a854d4"), FileRole::kWeightsIndex);
  EXPECT_EQ(classify_file("model.safetensors.lfs-pointer"), FileRole::kWeights);
  EXPECT_EQ(classify_file("README.md"), FileRole::kModelCard);
  EXPECT_EQ(classify_file("docs/README.md"), FileRole::kOther);  // only the root card
  EXPECT_EQ(classify_file("LICENSE"), FileRole::kLicense);
  EXPECT_EQ(classify_file("LICENSE-MODEL"), FileRole::kLicense);
  EXPECT_EQ(classify_file("GEMMA_TERMS_OF_USE.txt"), FileRole::kLicense);
  EXPECT_EQ(classify_file("USE_POLICY.md"), FileRole::kUsePolicy);
  EXPECT_EQ(classify_file("NOTICE"), FileRole::kNotice);
  EXPECT_EQ(classify_file("adapter_config.json"), FileRole::kAdapterConfig);
  EXPECT_EQ(classify_file("config.json"), FileRole::kConfig);
  EXPECT_EQ(classify_file("tokenizer.json"), FileRole::kOther);
}

TEST(FindReleases, MissingPathIsAnError) {
  auto found = find_releases("/nonexistent/owl/path");
  ASSERT_FALSE(found.has_value());
  EXPECT_NE(found.error().message().find("/nonexistent/owl/path"), std::string::npos);
}

TEST(FindReleases, SingleFileIsItsOwnRelease) {
  auto found = find_releases(testing::corpus("gguf-generated/tiny-lineage-F32.gguf").string());
  ASSERT_TRUE(found.has_value()) << found.error().message();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().layout, ReleaseLayout::kSingleFile);
  ASSERT_EQ(found->front().files.size(), 1u);
  EXPECT_EQ(found->front().files[0].role, FileRole::kWeights);
}

TEST(FindReleases, RepositoryFolderListsItsFiles) {
  auto found = find_releases(testing::corpus("hf-repo-granite").string());
  ASSERT_TRUE(found.has_value()) << found.error().message();
  ASSERT_EQ(found->size(), 1u);
  const auto& release = found->front();
  EXPECT_EQ(release.name, "hf-repo-granite");
  EXPECT_EQ(release.layout, ReleaseLayout::kRepository);
  EXPECT_EQ(release.files.size(), 9u);  // .gitattributes included
  EXPECT_EQ(release.files.front().relative, ".gitattributes");
  EXPECT_EQ(release.files[1].role, FileRole::kModelCard);
}

// Builds hub/models--acme--tiny/{refs/main,snapshots/REV/*,blobs/*} the way
// huggingface_hub lays a cache out: snapshot entries are relative symlinks.
void make_hub_cache(const fs::path& hub) {
  const fs::path model = hub / "models--acme--tiny";
  write_file(model / "refs" / "main", "abc123\n");
  write_file(model / "blobs" / "b1", "---\nlicense: mit\n---\n# tiny\n");
  write_file(model / "blobs" / "b2", "weights");
  fs::create_directories(model / "snapshots" / "abc123");
  fs::create_directories(model / "snapshots" / "old999");
  fs::create_symlink("../../blobs/b1", model / "snapshots" / "abc123" / "README.md");
  fs::create_symlink("../../blobs/b2", model / "snapshots" / "abc123" / "model.safetensors");
  write_file(model / ".no_exist" / "abc123" / "adapter_config.json", "");
}

TEST(FindReleases, HubCacheFollowsRefsMainIntoBlobs) {
  TempDir dir;
  make_hub_cache(dir.path() / "hub");
  auto found = find_releases((dir.path() / "hub").string());
  ASSERT_TRUE(found.has_value()) << found.error().message();
  ASSERT_EQ(found->size(), 1u);
  const auto& release = found->front();
  EXPECT_EQ(release.name, "acme/tiny");
  EXPECT_EQ(release.layout, ReleaseLayout::kHubCacheSnapshot);
  EXPECT_EQ(release.revision, "abc123");
  ASSERT_EQ(release.files.size(), 2u);
  EXPECT_EQ(release.files[0].relative, "README.md");
  EXPECT_EQ(release.files[0].role, FileRole::kModelCard);
  EXPECT_EQ(release.files[1].size, 7u);  // the blob's size, not the link's
  ASSERT_EQ(release.known_missing.size(), 1u);
  EXPECT_EQ(release.known_missing[0], "adapter_config.json");
}

TEST(FindReleases, SnapshotFolderGivenDirectly) {
  TempDir dir;
  make_hub_cache(dir.path());
  auto found = find_releases((dir.path() / "models--acme--tiny" / "snapshots" / "abc123").string());
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().name, "acme/tiny");
}

TEST(FindReleases, FolderOfReleasesGivesOneEach) {
  TempDir dir;
  write_file(dir.path() / "a" / "README.md", "# a");
  write_file(dir.path() / "b" / "LICENSE", "MIT");
  write_file(dir.path() / "b" / "sub" / "model.gguf", "GGUF");
  auto found = find_releases(dir.path().string());
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].name, "a");
  EXPECT_EQ((*found)[1].name, "b");
  EXPECT_EQ((*found)[1].files.size(), 2u);
}

TEST(FindReleases, DirectorySymlinkLoopDoesNotTrapTheWalk) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# loop");
  fs::create_directory_symlink(dir.path(), dir.path() / "again");
  auto found = find_releases(dir.path().string());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->front().files.size(), 1u);
}

}  // namespace
}  // namespace owl
