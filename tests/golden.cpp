#include "golden.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace owl::testing {

namespace {

std::filesystem::path golden_path() { return source_dir() / "tests/golden/corpus-counts.txt"; }

// The file split at "[section]" headers; text before the first is kept as
// the file's preamble under the key "".
std::vector<std::pair<std::string, std::vector<std::string>>> sections_of(const std::string& text) {
  std::vector<std::pair<std::string, std::vector<std::string>>> sections = {{"", {}}};
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > 2 && line.front() == '[' && line.back() == ']')
      sections.push_back({line.substr(1, line.size() - 2), {}});
    else if (!line.empty() || sections.size() == 1)
      sections.back().second.push_back(line);
  }
  return sections;
}

}  // namespace

void expect_golden(const std::string& section, const std::vector<std::string>& lines) {
  std::string text;
  try {
    text = read_file(golden_path());
  } catch (const std::exception&) {
  }
  auto sections = sections_of(text);
  auto found = std::find_if(sections.begin(), sections.end(),
                            [&](const auto& s) { return s.first == section; });
  if (std::getenv("OWL_UPDATE_GOLDEN")) {
    if (found == sections.end())
      sections.push_back({section, lines});
    else
      found->second = lines;
    std::string out;
    for (auto& section : sections)
      while (!section.second.empty() && section.second.back().empty()) section.second.pop_back();
    for (const auto& [name, body] : sections) {
      if (!name.empty()) out += (out.empty() ? "" : "\n") + ("[" + name + "]\n");
      for (const auto& line : body) out += line + "\n";
    }
    write_file(golden_path(), out);
    return;
  }
  ASSERT_NE(found, sections.end())
      << "no [" << section << "] in tests/golden/corpus-counts.txt: run scripts/update-golden.sh";
  const auto& want = found->second;
  std::string diff;
  for (const auto& line : want)
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) diff += "  - " + line + "\n";
  for (const auto& line : lines)
    if (std::find(want.begin(), want.end(), line) == want.end()) diff += "  + " + line + "\n";
  EXPECT_TRUE(diff.empty()) << "[" << section
                            << "] differs from tests/golden/corpus-counts.txt (- golden, + now); "
                               "if the change is intended, run scripts/update-golden.sh and "
                               "review the diff:\n"
                            << diff;
}

}  // namespace owl::testing
