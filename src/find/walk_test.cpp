// The walk says what it skips: every file or folder it cannot list, follow
// or open is a problem on the release (or, between releases, a notice).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "owl/find.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

const Error* problem_with_rule(const ReleaseLocation& release, const std::string& rule) {
  for (const auto& problem : release.problems)
    if (problem.rule() == rule) return &problem;
  return nullptr;
}

ReleaseLocation only_release(const fs::path& path, const FindLimits& limits = {}) {
  auto found = find_releases(path.string(), limits);
  EXPECT_TRUE(found.has_value()) << found.error().message();
  EXPECT_EQ(found->size(), 1u);
  return found->front();
}

void make_socket(const fs::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.string().size(), sizeof(address.sun_path));
  std::strcpy(address.sun_path, path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ::close(fd);
}

TEST(WalkSpecialFiles, FifoAndSocketInAReleaseAreProblemsNotFiles) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  ASSERT_EQ(::mkfifo((dir.path() / "model.gguf").c_str(), 0644), 0);
  make_socket(dir.path() / "s.sock");
  const auto release = only_release(dir.path());
  ASSERT_EQ(release.files.size(), 1u);
  EXPECT_EQ(release.files[0].relative, "README.md");
  std::vector<std::string> where;
  for (const auto& problem : release.problems)
    if (problem.rule() == "file.not-regular")
      where.push_back(problem.file() + " " + problem.detail());
  ASSERT_EQ(where.size(), 2u);
  EXPECT_NE(where[0].find("model.gguf"), std::string::npos);
  EXPECT_NE(where[0].find("a FIFO"), std::string::npos);
  EXPECT_NE(where[1].find("a socket"), std::string::npos);
}

TEST(WalkSpecialFiles, DeviceGivenAsAPathIsRefusedByType) {
  auto found = find_releases("/dev/null");
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().rule(), "file.not-regular");
  EXPECT_NE(found.error().detail().find("character device"), std::string::npos);
}

TEST(WalkLinks, DanglingLicenseLinkInASnapshotIsAProblem) {
  TempDir dir;
  const fs::path model = dir.path() / "models--acme--tiny";
  write_file(model / "refs" / "main", "rev1\n");
  write_file(model / "blobs" / "b1", "---\nlicense: mit\n---\n");
  fs::create_directories(model / "snapshots" / "rev1");
  fs::create_symlink("../../blobs/b1", model / "snapshots" / "rev1" / "README.md");
  fs::create_symlink("../../blobs/gone", model / "snapshots" / "rev1" / "LICENSE");
  const auto release = only_release(dir.path());
  EXPECT_EQ(release.files.size(), 1u);
  const Error* dangling = problem_with_rule(release, "find.dangling-symlink");
  ASSERT_NE(dangling, nullptr);
  EXPECT_EQ(dangling->file(), "LICENSE");
}

TEST(WalkLinks, SymlinkLoopUnderAHubEntryIsAProblemOnTheRelease) {
  TempDir dir;
  const fs::path model = dir.path() / "hub" / "models--x--y";
  write_file(model / "snapshots" / "rev" / "README.md", "---\nlicense: mit\n---\n");
  fs::create_directory_symlink(".", model / "snapshots" / "rev" / "loop");
  fs::create_symlink("self", model / "snapshots" / "rev" / "self");
  const auto release = only_release(dir.path() / "hub");
  EXPECT_EQ(release.name, "x/y");
  size_t loops = 0;
  for (const auto& problem : release.problems) loops += problem.rule() == "find.symlink-loop";
  EXPECT_EQ(loops, 2u);  // loop -> . and self -> self
}

TEST(WalkLinks, LoopBetweenReleaseFoldersIsANotice) {
  TempDir dir;
  write_file(dir.path() / "a" / "README.md", "# a");
  fs::create_directories(dir.path() / "group");
  fs::create_directory_symlink("..", dir.path() / "group" / "up");
  FindNotices notices;
  auto found = find_releases(dir.path().string(), {}, notices);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);  // a, and the empty group folder
  ASSERT_EQ(notices.errors.size(), 1u);
  EXPECT_EQ(notices.errors[0].rule(), "find.symlink-loop");
}

TEST(WalkDirectoryNamedAsFile, DirectoryNamedModelSafetensorsIsAProblem) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  fs::create_directories(dir.path() / "model.safetensors");
  const auto release = only_release(dir.path());
  const Error* named = problem_with_rule(release, "find.directory-named-as-file");
  ASSERT_NE(named, nullptr);
  EXPECT_EQ(named->file(), "model.safetensors");
}

TEST(WalkLimits, FileCapIsAProblemNotASilentlyPartialRelease) {
  TempDir dir;
  for (int i = 0; i < 5; ++i) write_file(dir.path() / ("f" + std::to_string(i) + ".txt"), "x");
  write_file(dir.path() / "README.md", "# r");
  FindLimits limits;
  limits.max_files_per_release = 3;
  const auto release = only_release(dir.path(), limits);
  EXPECT_EQ(release.files.size(), 3u);
  EXPECT_NE(problem_with_rule(release, "find.too-many-files"), nullptr);
}

TEST(WalkLimits, DepthCapIsAProblem) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  write_file(dir.path() / "a" / "b" / "c" / "weights.gguf", "GGUF");
  FindLimits limits;
  limits.max_depth = 1;
  const auto release = only_release(dir.path(), limits);
  EXPECT_EQ(release.files.size(), 1u);
  EXPECT_NE(problem_with_rule(release, "find.too-deep"), nullptr);
}

// Root reads any folder whatever its mode, so the unreadable folder is
// walked by a child process that has become `nobody` first.
TEST(WalkUnreadable, UnreadableDirectoryIsAProblem) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  write_file(dir.path() / "secret" / "model.gguf", "GGUF");
  ::chmod(dir.path().c_str(), 0755);
  ::chmod((dir.path() / "secret").c_str(), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    auto found = find_releases(dir.path().string());
    if (!found || found->size() != 1) ::_exit(4);
    const Error* unreadable = problem_with_rule(found->front(), "find.unreadable-directory");
    ::_exit(unreadable != nullptr && unreadable->file() == "secret" ? 0 : 5);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::chmod((dir.path() / "secret").c_str(), 0755);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(WalkHubEntries, DatasetsAreDatasetsAndSpacesAreNoted) {
  TempDir dir;
  const fs::path hub = dir.path() / "hub";
  write_file(hub / "models--acme--m" / "snapshots" / "r1" / "README.md",
             "---\nlicense: mit\n---\n");
  write_file(hub / "datasets--acme--d" / "refs" / "main", "r2");
  write_file(hub / "datasets--acme--d" / "snapshots" / "r2" / "README.md",
             "---\nlicense: cc-by-4.0\n---\n");
  write_file(hub / "datasets--acme--d" / "snapshots" / "r2" / "data.parquet", "PAR1");
  write_file(hub / "spaces--acme--s" / "snapshots" / "r3" / "app.py", "print()");
  FindNotices notices;
  auto found = find_releases(hub.string(), {}, notices);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].name, "acme/d");
  EXPECT_EQ((*found)[0].kind, ReleaseKind::kDataset);
  EXPECT_EQ((*found)[0].revision, "r2");
  EXPECT_EQ((*found)[1].name, "acme/m");
  EXPECT_EQ((*found)[1].kind, ReleaseKind::kModel);
  for (const auto& release : *found)
    for (const auto& file : release.files)
      EXPECT_EQ(file.relative.find("snapshots"), std::string::npos) << file.relative;
  ASSERT_EQ(notices.notes.size(), 1u);
  EXPECT_NE(notices.notes[0].find("acme/s"), std::string::npos);
  EXPECT_TRUE(notices.errors.empty());
}

TEST(WalkLooseWeights, FolderOfUnrelatedGgufsIsOneReleaseEach) {
  TempDir dir;
  write_file(dir.path() / "llama-7b.Q4_K_M.gguf", "GGUF");
  write_file(dir.path() / "mistral-7b.Q8_0.gguf", "GGUF");
  write_file(dir.path() / "big-00001-of-00002.gguf", "GGUF");
  write_file(dir.path() / "big-00002-of-00002.gguf", "GGUF");
  write_file(dir.path() / "notes.txt", "mine");
  auto found = find_releases(dir.path().string());
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ((*found)[0].name, "big.gguf");
  EXPECT_EQ((*found)[0].files.size(), 2u);  // the shards of one model stay together
  EXPECT_EQ((*found)[1].name, "llama-7b.Q4_K_M.gguf");
  EXPECT_EQ((*found)[1].layout, ReleaseLayout::kSingleFile);
  EXPECT_EQ((*found)[2].name, "mistral-7b.Q8_0.gguf");
}

TEST(WalkLooseWeights, RepoFolderWithCardConfigAndShardsStaysOneRelease) {
  TempDir dir;
  write_file(dir.path() / "README.md", "# r");
  write_file(dir.path() / "config.json", "{}");
  write_file(dir.path() / "model-00001-of-00002.safetensors", "x");
  write_file(dir.path() / "model-00002-of-00002.safetensors", "x");
  write_file(dir.path() / "model.safetensors.index.json", "{}");
  write_file(dir.path() / "other.gguf", "GGUF");
  const auto release = only_release(dir.path());
  EXPECT_EQ(release.files.size(), 6u);
}

TEST(WalkDeepNesting, ReleaseDeeperThanThreeFoldersIsRootedAtItsCard) {
  TempDir dir;
  const fs::path repo = dir.path() / "a" / "b" / "c" / "d" / "org-model";
  write_file(repo / "README.md", "---\nlicense: mit\n---\n");
  write_file(repo / "model.gguf", "GGUF");
  auto found = find_releases(dir.path().string());
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().name, "org-model");
  ASSERT_EQ(found->front().files.size(), 2u);
  EXPECT_EQ(found->front().files[0].role, FileRole::kModelCard);
}

}  // namespace
}  // namespace owl
