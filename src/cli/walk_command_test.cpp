// End-to-end: nothing under the paths given is skipped without a word. A
// missing path, a FIFO, a loop, a broken card or junk named as weights is
// one error line on stderr and exit 2, and the rest is still reported.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_owl;
using testing::TempDir;
using testing::write_file;

const std::string kGood = (testing::source_dir() / "examples/tiny-release").string();

size_t count_lines_with(const std::string& text, const std::string& part) {
  std::istringstream lines(text);
  size_t count = 0;
  for (std::string line; std::getline(lines, line);) count += line.find(part) != std::string::npos;
  return count;
}

size_t count_lines(const std::string& text) { return count_lines_with(text, ""); }

TEST(MissingPath, ScanReportsTheOtherPathsAndExitsTwo) {
  auto result = run_owl("scan --json /nonexistent/owl/a " + kGood);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(count_lines_with(result.err, "/nonexistent/owl/a"), 1u);
  const json report = json::parse(result.out);
  ASSERT_EQ(report["releases"].size(), 1u);
  EXPECT_EQ(report["releases"][0]["name"], "tiny-release");
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_EQ(report["errors"][0]["file"], "/nonexistent/owl/a");
  auto text = run_owl("scan " + kGood + " /nonexistent/owl/b");
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.out.find("tiny-release"), std::string::npos);
}

TEST(MissingPath, BomStillWritesTheOtherReleasesAndExitsTwo) {
  auto result = run_owl("bom --format cyclonedx /nonexistent/owl/a " + kGood);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(count_lines_with(result.err, "/nonexistent/owl/a"), 1u);
  const json bom = json::parse(result.out);
  EXPECT_NE(bom.dump().find("tiny-release"), std::string::npos);
}

TEST(MissingPath, CensusCountsTheOtherPathsAndExitsTwo) {
  auto result = run_owl("census --json /nonexistent/owl/a " + kGood);
  EXPECT_EQ(result.exit_code, 2);
  const json census = json::parse(result.out);
  ASSERT_EQ(census["errors"].size(), 1u);
  EXPECT_EQ(census["releases"], 1);
}

TEST(FilesystemErrors, SymlinkLoopUnderAHubEntryDoesNotAbortScanOrCensus) {
  TempDir dir;
  const fs::path snapshot = dir.path() / "hub" / "models--x--y" / "snapshots" / "rev";
  write_file(dir.path() / "hub" / "models--x--y" / "refs" / "main", "rev");
  write_file(snapshot / "README.md", "---\nlicense: mit\n---\n");
  fs::create_directory_symlink(".", snapshot / "loop");
  const std::string hub = (dir.path() / "hub").string();
  auto scan = run_owl("scan --json " + hub);
  EXPECT_EQ(scan.exit_code, 2);  // not 134, an uncaught std::filesystem_error
  EXPECT_EQ(count_lines_with(scan.err, "loop: find.symlink-loop"), 1u) << scan.err;
  const json report = json::parse(scan.out);
  ASSERT_EQ(report["releases"].size(), 1u);
  EXPECT_EQ(report["releases"][0]["name"], "x/y");
  auto census = run_owl("census --json " + hub);
  ASSERT_TRUE(census.exit_code == 0 || census.exit_code == 2) << census.exit_code;
  const json counted = json::parse(census.out);
  EXPECT_EQ(counted["releases"], 1);
  ASSERT_EQ(counted["parse_failures"]["listed"].size(), 1u);
  EXPECT_EQ(counted["parse_failures"]["listed"][0]["error"]["rule"], "find.symlink-loop");
}

TEST(FifoRefused, InspectAndIdentifyRefuseAFifoInsteadOfHanging) {
  TempDir dir;
  const fs::path fifo = dir.path() / "model.gguf";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  for (const char* command : {"inspect ", "identify "}) {
    auto result = testing::run_owl_under("timeout 20", command + fifo.string());
    EXPECT_EQ(result.exit_code, 2) << command;  // 124 would be the timeout
    EXPECT_NE(result.err.find("file.not-regular"), std::string::npos) << command << result.err;
    EXPECT_NE(result.err.find("a FIFO"), std::string::npos) << command;
  }
}

TEST(FifoRefused, ScanRefusesAFifoGivenAsAPath) {
  TempDir dir;
  const fs::path fifo = dir.path() / "model.gguf";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  auto result = testing::run_owl_under("timeout 20", "scan " + fifo.string() + " " + kGood);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("a FIFO"), std::string::npos);
  EXPECT_NE(result.out.find("tiny-release"), std::string::npos);
}

TEST(WeightsMagicShown, InspectNamesTheMagicAFileNamedGgufLacks) {
  TempDir dir;
  write_file(dir.path() / "model.gguf", "<html>not found</html>");
  auto result = run_owl("inspect " + (dir.path() / "model.gguf").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(count_lines_with(result.err, "gguf.magic: not a GGUF file: expected magic 'GGUF'"), 1u)
      << result.err;
  EXPECT_EQ(result.err.find("unknown-format"), std::string::npos);
}

std::string safetensors_with_extra_field() {
  const std::string header =
      R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"colour":"red"}})";
  std::string bytes(8, '\0');
  bytes[0] = static_cast<char>(header.size());
  return bytes + header + std::string(4, '\0');
}

TEST(ReaderWarningsShown, InspectAndScanPrintSafetensorsWarnings) {
  TempDir dir;
  write_file(dir.path() / "README.md", "---\nlicense: mit\n---\n");
  write_file(dir.path() / "model.safetensors", safetensors_with_extra_field());
  const std::string file = (dir.path() / "model.safetensors").string();
  auto inspect_text = run_owl("inspect " + file);
  EXPECT_EQ(inspect_text.exit_code, 0) << inspect_text.err;
  EXPECT_NE(inspect_text.out.find("safetensors.tensor-extra-field"), std::string::npos);
  auto inspect_json = run_owl("inspect --json " + file);
  EXPECT_NE(json::parse(inspect_json.out).dump().find("safetensors.tensor-extra-field"),
            std::string::npos);
  auto scan_text = run_owl("scan " + dir.path().string());
  EXPECT_EQ(count_lines_with(scan_text.out, "warning: safetensors.tensor-extra-field"), 1u);
  auto scan_json = run_owl("scan --json " + dir.path().string());
  const json report = json::parse(scan_json.out);
  const auto& artifacts = report["releases"][0]["artifacts"];
  ASSERT_EQ(artifacts.size(), 1u);
  ASSERT_EQ(artifacts[0]["warnings"].size(), 1u);
}

TEST(HubDatasetsAndSpaces, DatasetIsLabelledAndSpaceIsNoted) {
  TempDir dir;
  const fs::path hub = dir.path() / "hub";
  write_file(hub / "datasets--acme--d" / "snapshots" / "r2" / "README.md",
             "---\nlicense: cc-by-4.0\n---\n# data\n");
  write_file(hub / "spaces--acme--s" / "snapshots" / "r3" / "app.py", "print()");
  auto text = run_owl("scan " + hub.string());
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("(dataset, hub-cache-snapshot"), std::string::npos) << text.out;
  EXPECT_EQ(count_lines_with(text.out, "note: skipped"), 1u);
  EXPECT_EQ(text.out.find("snapshots  ("), std::string::npos);  // no bogus releases
  auto result = run_owl("scan --json " + hub.string());
  const json report = json::parse(result.out);
  ASSERT_EQ(report["releases"].size(), 1u);
  EXPECT_EQ(report["releases"][0]["kind"], "dataset");
  EXPECT_EQ(report["releases"][0]["name"], "acme/d");
  EXPECT_EQ(report["releases"][0]["declared"]["licenses"][0]["value"], "cc-by-4.0");
  ASSERT_EQ(report["notes"].size(), 1u);
  EXPECT_TRUE(report["errors"].empty());
}

TEST(LooseWeightsFolder, EachGgufIsJudgedOnItsOwn) {
  TempDir dir;
  const fs::path tiny = testing::source_dir() / "examples/tiny-release/owl-tiny-example-F32.gguf";
  fs::copy_file(tiny, dir.path() / "first.gguf");
  fs::copy_file(tiny, dir.path() / "second.gguf");
  auto result = run_owl("scan --json " + dir.path().string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const json report = json::parse(result.out);
  ASSERT_EQ(report["releases"].size(), 2u);
  EXPECT_EQ(report["releases"][0]["name"], "first.gguf");
  EXPECT_EQ(report["releases"][1]["name"], "second.gguf");
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

// One good release beside one hostile one. Each planted problem must give
// exactly one stderr line; the good release must be reported in full.
TEST(HostileTree, EveryProblemIsOneErrorLineAndTheRestIsReported) {
  TempDir dir;
  const fs::path good = dir.path() / "good";
  fs::copy(testing::source_dir() / "examples/tiny-release", good);
  const fs::path bad = dir.path() / "bad";
  write_file(bad / "README.md", "---\nlicense: mit\n" + std::string(2u << 20, '#') + "\n---\n");
  ASSERT_EQ(::mkfifo((bad / "pipe.gguf").c_str(), 0644), 0);
  make_socket(bad / "s.sock");
  fs::create_directory_symlink(".", bad / "loop");
  fs::create_symlink("nowhere", bad / "LICENSE");
  fs::create_directories(bad / "model.safetensors");
  write_file(bad / "junk.gguf", "not a gguf");
  write_file(bad / "junk.bin", "not a checkpoint");
  write_file(bad / "secret" / "hidden.gguf", "GGUF");
  ::chmod(dir.path().c_str(), 0755);
  ::chmod((bad / "secret").c_str(), 0);
  const std::vector<std::string> expected = {"card.front-matter-too-large",
                                             "pipe.gguf: file.not-regular",
                                             "s.sock: file.not-regular",
                                             "find.symlink-loop",
                                             "find.dangling-symlink",
                                             "find.directory-named-as-file",
                                             "gguf.magic",
                                             "pytorch.magic",
                                             "find.unreadable-directory"};
  // Root reads a mode-000 folder anyway; without the capabilities that let
  // it, root meets the refusal a user would.
  const std::string prefix =
      ::geteuid() == 0 ? "timeout 60 setpriv --bounding-set=-dac_override,-dac_read_search"
                       : "timeout 60";
  auto result = testing::run_owl_under(prefix, "scan --json " + dir.path().string());
  ::chmod((bad / "secret").c_str(), 0755);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  for (const auto& rule : expected)
    EXPECT_EQ(count_lines_with(result.err, rule), 1u) << rule << "\n" << result.err;
  EXPECT_EQ(count_lines(result.err), expected.size()) << result.err;
  const json report = json::parse(result.out);
  ASSERT_EQ(report["releases"].size(), 2u);
  const json& bad_release = report["releases"][0];
  EXPECT_EQ(bad_release["name"], "bad");
  EXPECT_EQ(bad_release["problems"].size(), 7u);  // the two junk files' errors sit on artifacts
  EXPECT_TRUE(bad_release["declared"]["licenses"].empty());
  const json& good_release = report["releases"][1];
  EXPECT_EQ(good_release["name"], "good");
  EXPECT_TRUE(good_release["problems"].empty());
  EXPECT_EQ(good_release["artifacts"].size(), 2u);
  EXPECT_EQ(good_release["declared"]["licenses"].size(), 6u);
}

}  // namespace
}  // namespace owl
