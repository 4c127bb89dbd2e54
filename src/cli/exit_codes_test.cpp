// End-to-end: every command's exit codes mean the same thing (README,
// "Commands"): 0 ok, 1 a policy gate rejected a release, 2 a usage or input
// error, with the error on stderr naming the file and the rule. One test per
// command pins its ok, missing-path, bad-input and usage cases.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::corpus;
using testing::run_owl;
using testing::source_dir;
using testing::TempDir;
using testing::write_file;

const std::string kMissing = "/nonexistent/owl/exit-codes";

std::string example() { return (source_dir() / "examples/tiny-release").string(); }
std::string corrupt_gguf() { return corpus("gguf-crafted/bad_alignment_not_pow2.gguf").string(); }
// An Apache-2.0 label on a Llama 3 derivative: a high conflict.
std::string laundered_card() {
  return corpus("model-cards/hf-readme-2024/NousResearch_Hermes-2-Theta-Llama-3-8B.md").string();
}

// Exit code and whether stderr mentions `needle`, in one string so a failure
// shows both.
std::string outcome(const std::string& args, const std::string& needle = "") {
  const auto result = run_owl(args);
  std::string said = needle.empty() || result.err.find(needle) != std::string::npos
                         ? ""
                         : " (stderr lacks '" + needle + "': " + result.err + ")";
  return std::to_string(result.exit_code) + said;
}

// A folder of two loose cards, one whose YAML front matter does not parse.
fs::path cards_with_broken_yaml(const TempDir& dir) {
  write_file(dir.path() / "cards" / "acme_fine.md", "---\nlicense: mit\n---\n# fine\n");
  write_file(dir.path() / "cards" / "acme_broken.md", "---\nlicense: [mit\n---\n# broken\n");
  return dir.path() / "cards";
}

TEST(ExitCodes, Global) {
  EXPECT_EQ(outcome("--version"), "0");
  EXPECT_EQ(outcome("--help"), "0");
  EXPECT_EQ(outcome(""), "2");
  EXPECT_EQ(outcome("no-such-command"), "2");
  EXPECT_EQ(outcome("--no-such-flag scan " + example()), "2");
}

TEST(ExitCodes, Scan) {
  EXPECT_EQ(outcome("scan " + example()), "0");
  EXPECT_EQ(outcome("scan --fail-on high " + laundered_card(), "owl: policy: "), "1");
  EXPECT_EQ(outcome("scan --commercial --mau 800000000 " + laundered_card(), "not-allowed"), "1");
  EXPECT_EQ(outcome("scan " + kMissing, kMissing), "2");
  EXPECT_EQ(outcome("scan " + corrupt_gguf(), "gguf."), "2");
  EXPECT_EQ(outcome("scan"), "2");
  EXPECT_EQ(outcome("scan --no-such-flag " + example()), "2");
  EXPECT_EQ(outcome("scan --fail-on everything " + example()), "2");
  EXPECT_EQ(outcome("scan --fail-on not-allowed " + example(), "needs a deployment profile"), "2");
  EXPECT_EQ(outcome("scan --mau -3 " + example(), "--mau"), "2");
  EXPECT_EQ(outcome("scan --region Europe " + example(), "\"Europe\""), "2");
  EXPECT_EQ(outcome("scan --profile " + kMissing + " " + example()), "2");
  // An input error outranks a tripped gate, and both are said.
  EXPECT_EQ(
      outcome("scan --fail-on high " + laundered_card() + " " + corrupt_gguf(), "owl: policy: "),
      "2");
}

TEST(ExitCodes, Bom) {
  EXPECT_EQ(outcome("bom --format cyclonedx " + example()), "0");
  // bom has no gate: a release with a high conflict is still a BOM, exit 0.
  EXPECT_EQ(outcome("bom --format spdx " + laundered_card()), "0");
  EXPECT_EQ(outcome("bom --format spdx " + kMissing, kMissing), "2");
  EXPECT_EQ(outcome("bom --format spdx " + corrupt_gguf(), "gguf."), "2");
  EXPECT_EQ(outcome("bom " + example()), "2");  // --format is required
  EXPECT_EQ(outcome("bom --format xml " + example()), "2");
  EXPECT_EQ(outcome("bom --format spdx -o /nonexistent/dir/bom.json " + example(),
                    "/nonexistent/dir/bom.json"),
            "2");
}

TEST(ExitCodes, Census) {
  TempDir dir;
  write_file(dir.path() / "fine" / "acme_fine.md", "---\nlicense: mit\n---\n# fine\n");
  EXPECT_EQ(outcome("census " + (dir.path() / "fine").string()), "0");
  const std::string broken = cards_with_broken_yaml(dir).string();
  for (const char* form : {"", "--json ", "--csv "})
    EXPECT_EQ(outcome(std::string("census ") + form + broken, "acme_broken.md"), "2") << form;
  EXPECT_EQ(outcome("census " + kMissing, kMissing), "2");
  EXPECT_EQ(outcome("census --json --csv " + broken), "2");
  EXPECT_EQ(outcome("census --top 0 " + broken), "2");
  EXPECT_EQ(outcome("census"), "2");
}

TEST(ExitCodes, Inspect) {
  EXPECT_EQ(outcome("inspect " + (fs::path(example()) / "model.safetensors").string()), "0");
  EXPECT_EQ(outcome("inspect " + kMissing, kMissing), "2");
  EXPECT_EQ(outcome("inspect " + corrupt_gguf(), "gguf."), "2");
  EXPECT_EQ(outcome("inspect " + example()), "2");  // a folder is not a file
  EXPECT_EQ(outcome("inspect"), "2");
  EXPECT_EQ(outcome("inspect --no-such-flag " + corrupt_gguf()), "2");
}

TEST(ExitCodes, Identify) {
  const std::string licence = corpus("licenses/kimi-k2/LICENSE").string();
  EXPECT_EQ(outcome("identify " + licence), "0");
  EXPECT_EQ(outcome("identify " + kMissing, kMissing), "2");
  EXPECT_EQ(outcome("identify " + example()), "2");  // a folder is not a file
  EXPECT_EQ(outcome("identify"), "2");
  EXPECT_EQ(outcome("identify --no-such-flag " + licence), "2");
}

TEST(ExitCodes, Explain) {
  EXPECT_EQ(outcome("explain apache-2.0"), "0");
  EXPECT_EQ(outcome("explain no-such-licence-9", "no-such-licence-9"), "2");
  EXPECT_EQ(outcome("explain"), "2");
  EXPECT_EQ(outcome("explain --no-such-flag apache-2.0"), "2");
}

// A hub cache entry whose `snapshots` is a symlink to itself made
// std::filesystem throw out of the walk, and owl abort with 134. Whatever
// catches it (the walk, or main's last-resort handler, which prints "owl:
// internal error: ..." with the message escaped), the run exits 2 with
// one-line messages, for scan and for census (whose workers are threads).
TEST(ExitCodes, SymlinkLoopExitsTwoNeverAborts) {
  TempDir dir;
  const fs::path entry = dir.path() / "hub" / "models--acme--loop";
  fs::create_directories(entry);
  fs::create_symlink("snapshots", entry / "snapshots");
  for (const char* command : {"scan ", "census ", "bom --format spdx "}) {
    const auto result = run_owl(command + (dir.path() / "hub").string());
    EXPECT_EQ(result.exit_code, 2) << command << result.err;
    ASSERT_FALSE(result.err.empty()) << command;
    size_t start = 0;
    for (size_t end; (end = result.err.find('\n', start)) != std::string::npos; start = end + 1)
      EXPECT_EQ(result.err.compare(start, 5, "owl: "), 0) << command << result.err;
    EXPECT_EQ(start, result.err.size()) << command << "unterminated line: " << result.err;
  }
}

}  // namespace
}  // namespace owl
