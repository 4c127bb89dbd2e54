// Every scanner test payload and real checkpoint in the shared corpus gets
// the verdict recorded in tests/data/pickle_expected.tsv, so a policy or
// parser regression fails here. Files are read as bytes, never unpickled.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "owl/bytes.h"
#include "owl/pickle.h"
#include "test_support.h"

namespace owl {
namespace {

std::map<std::string, std::string> expected_verdicts() {
  std::map<std::string, std::string> expected;
  std::istringstream lines(
      testing::read_file(testing::source_dir() / "tests/data/pickle_expected.tsv"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    expected[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return expected;
}

std::string verdict_of(const std::filesystem::path& path) {
  auto file = MappedFile::open(path.string());
  if (!file) return "io-error";
  auto checkpoint = read_pytorch(file->bytes());
  if (!checkpoint) return "error:" + checkpoint.error().rule();
  return to_string(checkpoint->safety);
}

TEST(PickleCorpus, EveryFileGetsItsRecordedVerdict) {
  const auto expected = expected_verdicts();
  ASSERT_GE(expected.size(), 117u);
  std::map<std::string, int> tally;
  size_t seen = 0;
  for (const char* folder : {"pickle-malicious", "pytorch"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(testing::corpus(folder))) {
      if (!entry.is_regular_file()) continue;
      const std::string relative =
          std::filesystem::relative(entry.path(), testing::corpus_dir()).generic_string();
      const auto found = expected.find(relative);
      ASSERT_NE(found, expected.end()) << relative << " has no line in pickle_expected.tsv";
      const std::string verdict = verdict_of(entry.path());
      EXPECT_EQ(verdict, found->second) << relative;
      ++tally[verdict];
      ++seen;
    }
  }
  EXPECT_EQ(seen, expected.size()) << "pickle_expected.tsv lists files missing from the corpus";
  EXPECT_EQ(tally["dangerous"], 94);
  EXPECT_EQ(tally["suspicious"], 2);
  EXPECT_EQ(tally["safe"], 18);
}

TEST(PickleCorpus, NoKnownMaliciousPayloadIsSafe) {
  for (const auto& [relative, verdict] : expected_verdicts()) {
    const std::string name = std::filesystem::path(relative).filename().string();
    const bool malicious =
        name.starts_with("malicious") || name.starts_with("GHSA-") ||
        name.find("exploit") != std::string::npos || name.find("sploit") != std::string::npos ||
        name.find("injection") != std::string::npos || name.find("bypass") != std::string::npos;
    if (!malicious || verdict.starts_with("error:pytorch.unsupported-container")) continue;
    EXPECT_NE(verdict, "safe") << relative;
    EXPECT_FALSE(verdict.starts_with("error:")) << relative;
  }
}

}  // namespace
}  // namespace owl
