// Every file of ../shared/corpus/licenses against the committed expected
// table tests/data/identify_expected.tsv; any change in verdict, id, family or
// version fails, and so does a corpus file the table does not list.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "owl/identify.h"
#include "test_support.h"

namespace owl {
namespace {

struct Expected {
  std::string verdict, id, family, version;
};

std::map<std::string, Expected> expected_table() {
  std::istringstream in(
      owl::testing::read_file(owl::testing::source_dir() / "tests/data/identify_expected.tsv"));
  std::map<std::string, Expected> table;
  bool header = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');) f.push_back(field);
    f.resize(5);
    table[f[0]] = {f[1], f[2], f[3], f[4]};
  }
  return table;
}

TEST(IdentifyCorpus, EveryLicenceFileMatchesTheExpectedTable) {
  const auto table = expected_table();
  ASSERT_EQ(table.size(), 107u);
  const auto root = owl::testing::corpus("licenses");
  size_t checked = 0;
  for (const auto& dir : std::filesystem::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
      const std::string rel =
          dir.path().filename().string() + "/" + file.path().filename().string();
      const auto row = table.find(rel);
      ASSERT_NE(row, table.end()) << rel << " is missing from tests/data/identify_expected.tsv";
      const Identification r =
          LicenseIndex::builtin().identify(owl::testing::read_file(file.path()));
      EXPECT_EQ(to_string(r.verdict), row->second.verdict) << rel;
      EXPECT_EQ(r.id, row->second.id) << rel;
      EXPECT_EQ(r.family, row->second.family) << rel;
      EXPECT_EQ(r.version, row->second.version) << rel;
      ++checked;
    }
  }
  EXPECT_EQ(checked, table.size());
}

}  // namespace
}  // namespace owl
