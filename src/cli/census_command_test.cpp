// End-to-end: `owl census` over the shared card corpus, a hub-cache-like
// folder, and the HTML page rendered by headless Chromium.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "owl/find.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::corpus;
using testing::run_owl;
using testing::TempDir;
using testing::write_file;

const std::string kCards = corpus("model-cards/hf-readme-2024").string();

// Pinned from a run over the corpus (docs/census.md shows it). Cross-checked
// with PyYAML over the front matter: 1,078 cards say `license: apache-2.0`
// (owl finds 2 more in card prose), 496 say mit; 144 name a licence owl has
// no id for (`other` + an unknown license_name, bare `openrail`, `gpl`, `cc`).
constexpr size_t kParseFailures = 0;
constexpr size_t kDeclaredNone = 510;
constexpr size_t kDeclaredPlaceholder = 208;
constexpr size_t kDeclaredUnrecognised = 81;
constexpr size_t kDeclaredApache = 1079;
constexpr size_t kDeclaredMit = 496;
constexpr size_t kDeclaredLlamaFamily = 218;
constexpr size_t kEffectiveLlamaFamily = 364;  // + fine-tunes whose base is Llama
constexpr size_t kGap = 82;                    // label more permissive than the terms

const json& corpus_census() {
  static const json census = [] {
    auto result = run_owl("census --json " + kCards);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out);
  }();
  return census;
}

size_t count_for(const json& list, const char* key, const std::string& value) {
  for (const auto& entry : list)
    if (entry[key] == value) return entry["releases"].get<size_t>();
  return 0;
}

std::map<std::string, size_t> tiers(const json& side) {
  std::map<std::string, size_t> out;
  for (const auto& tier : side["by_tier"]) out[tier["tier"]] = tier["releases"].get<size_t>();
  return out;
}

TEST(FindCardFolder, EachLooseCardIsARelease) {
  auto found = find_releases(kCards);
  ASSERT_TRUE(found.has_value()) << found.error().message();
  ASSERT_EQ(found->size(), 3424u);
  const auto& first = found->front();
  EXPECT_EQ(first.name, "01-ai/Yi-1.5-34B-Chat-16K");
  ASSERT_EQ(first.files.size(), 1u);
  EXPECT_EQ(first.files[0].relative, "01-ai_Yi-1.5-34B-Chat-16K.md");
  EXPECT_EQ(first.files[0].role, FileRole::kModelCard);
}

TEST(FindCardFolder, ALooseCardNamedOnItsOwnIsACard) {
  auto found = find_releases(kCards + "/01-ai_Yi-6B.md");
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().name, "01-ai/Yi-6B");
  EXPECT_EQ(found->front().files[0].role, FileRole::kModelCard);
}

TEST(FindCardFolder, AFolderWithSubfoldersIsNotACardFolder) {
  TempDir dir;
  write_file(dir.path() / "NOTES.md", "# notes\n");
  write_file(dir.path() / "one" / "README.md", "---\nlicense: mit\n---\n");
  write_file(dir.path() / "two" / "README.md", "---\nlicense: mit\n---\n");
  auto found = find_releases(dir.path().string());
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].name, "one");
}

TEST(CensusCommand, CountsEveryCardOfTheCorpus) {
  const json& census = corpus_census();
  EXPECT_EQ(census["schema"], "owl.census/1");
  EXPECT_EQ(census["releases"], 3424);
  // Counted and listed, never dropped: the one card with invalid YAML.
  EXPECT_EQ(census["parse_failures"]["releases"], kParseFailures);
  EXPECT_EQ(census["parse_failures"]["listed"].size(), kParseFailures);
  const json& declared = census["declared"];
  EXPECT_EQ(census["by_organisation"].size(), 1170u);
  EXPECT_EQ(count_for(census["by_organisation"], "organisation", "TheBloke"), 127u);
  EXPECT_EQ(count_for(census["by_organisation"], "organisation", "facebook"), 120u);
  EXPECT_EQ(count_for(census["by_organisation"], "organisation", "Qwen"), 80u);
  EXPECT_EQ(census["over_time"]["basis"]["card"], 65);  // cards stating a release date
  EXPECT_EQ(census["over_time"]["undated"], 3424 - 65);
  size_t tier_total = 0;
  for (const auto& tier : declared["by_tier"]) tier_total += tier["releases"].get<size_t>();
  EXPECT_EQ(tier_total, 3424u);  // every release sits in exactly one row
  size_t matrix_total = 0;
  for (const auto& row : census["matrix"]["counts"])
    for (const auto& cell : row) matrix_total += cell.get<size_t>();
  EXPECT_EQ(matrix_total, 3424u);
}

TEST(CensusCommand, DeclaredAndEffectiveTermsOfTheCorpus) {
  const json& census = corpus_census();
  const json& declared = census["declared"];
  EXPECT_EQ(tiers(declared)["none"], kDeclaredNone);
  EXPECT_EQ(tiers(declared)["placeholder"], kDeclaredPlaceholder);
  EXPECT_EQ(tiers(declared)["unrecognised"], kDeclaredUnrecognised);
  EXPECT_EQ(count_for(declared["by_id"], "id", "Apache-2.0"), kDeclaredApache);
  EXPECT_EQ(count_for(declared["by_id"], "id", "MIT"), kDeclaredMit);
  EXPECT_EQ(count_for(declared["by_family"], "family", "llama"), kDeclaredLlamaFamily);
  EXPECT_EQ(count_for(census["effective"]["by_family"], "family", "llama"), kEffectiveLlamaFamily);
  EXPECT_EQ(tiers(census["effective"]),
            (std::map<std::string, size_t>{{"open-permissive", 1643},
                                           {"open-copyleft", 58},
                                           {"open-with-use-restrictions", 432},
                                           {"source-available-revocable", 381},
                                           {"non-commercial", 287},
                                           {"proprietary-or-unknown", 11},
                                           {"unrecognised", 68},
                                           {"placeholder", 152},
                                           {"none", 392}}));
  EXPECT_EQ(census["gap"]["releases"], kGap);
  EXPECT_EQ(census["gap"]["listed"].size(), kGap);
  // The gap is the matrix's upper triangle over the six tiers.
  size_t stricter = 0;
  for (size_t d = 0; d < 6; ++d)
    for (size_t e = d + 1; e < 6; ++e) stricter += census["matrix"]["counts"][d][e].get<size_t>();
  EXPECT_EQ(stricter, kGap);
}

TEST(CensusCommand, GapEntriesCarryTheConflictAndItsEvidence) {
  const json& listed = corpus_census()["gap"]["listed"];
  const auto hermes = std::find_if(listed.begin(), listed.end(), [](const json& gap) {
    return gap["name"] == "NousResearch/Hermes-2-Theta-Llama-3-8B";
  });
  ASSERT_NE(hermes, listed.end());
  EXPECT_EQ((*hermes)["effective_tier"], "source-available-revocable");
  ASSERT_GE((*hermes)["conflicts"].size(), 1u);
  const json& conflict = (*hermes)["conflicts"][0];
  EXPECT_EQ(conflict["kind"], "permissive-label-on-restrictive-base");
  EXPECT_EQ((*hermes)["reason"], conflict["message"]);
  EXPECT_NE(conflict["message"].get<std::string>().find("NousResearch/Hermes-2-Pro-Llama-3-8B"),
            std::string::npos);
  ASSERT_EQ(conflict["evidence"].size(), 2u);
  EXPECT_EQ(conflict["evidence"][0],
            "NousResearch_Hermes-2-Theta-Llama-3-8B.md line 4: license: apache-2.0");
  EXPECT_EQ(conflict["evidence"][1].get<std::string>().rfind(
                "NousResearch_Hermes-2-Theta-Llama-3-8B.md line 19: "
                "NousResearch/Hermes-2-Pro-Llama-3-8B [",
                0),
            0u);
  EXPECT_EQ((*hermes)["evidence"][0],
            "NousResearch_Hermes-2-Theta-Llama-3-8B.md line 4: license: apache-2.0");
}

// How many releases have each kind of conflict: a release counts once per
// kind, at its most severe conflict of that kind.
TEST(CensusCommand, ConflictKindsAcrossTheCorpus) {
  const json& conflicts = corpus_census()["conflicts"];
  EXPECT_EQ(conflicts["releases"], 741);
  EXPECT_EQ(conflicts["by_worst_severity"], (json{{"high", 664}, {"medium", 76}, {"low", 1}}));
  std::map<std::string, std::array<size_t, 6>> by_kind;  // releases, high, medium, low, all, gap
  for (const auto& entry : conflicts["by_kind"])
    by_kind[entry["kind"]] = {
        entry["releases"],           entry["by_severity"]["high"], entry["by_severity"]["medium"],
        entry["by_severity"]["low"], entry["conflicts"],           entry["in_gap"]};
  using Row = std::array<size_t, 6>;
  EXPECT_EQ(by_kind.size(), 10u);  // every kind, zeros included
  EXPECT_EQ(by_kind["no-license"], (Row{421, 421, 0, 0, 421, 0}));
  EXPECT_EQ(by_kind["placeholder-license"], (Row{196, 196, 0, 0, 196, 0}));
  EXPECT_EQ(by_kind["use-restrictions-dropped"], (Row{42, 17, 25, 0, 42, 22}));
  EXPECT_EQ(by_kind["declarations-disagree"], (Row{13, 10, 3, 0, 13, 4}));
  EXPECT_EQ(by_kind["permissive-label-on-restrictive-base"], (Row{48, 21, 27, 0, 49, 48}));
  EXPECT_EQ(by_kind["required-notice-missing"], (Row{46, 0, 44, 2, 83, 10}));
  EXPECT_EQ(by_kind["unsafe-pickle"], (Row{0, 0, 0, 0, 0, 0}));
}

TEST(CensusCommand, CsvHasOneRowPerReleaseInFindOrder) {
  auto result = run_owl("census --csv --jobs 2 " + kCards);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  size_t rows = 0;
  std::getline(lines, line);
  EXPECT_EQ(line,
            "name,declared,declared_tier,effective,effective_tier,base_family,gap,conflicts,"
            "conflict_kinds,month,parse_error");
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("01-ai/Yi-1.5-34B-Chat-16K,", 0), 0u);
  for (rows = 1; std::getline(lines, line);) ++rows;
  EXPECT_EQ(rows, 3424u);
}

TEST(CensusCommand, JsonIsTheSameWithOneWorkerOrMany) {
  auto one = run_owl("census --json --jobs 1 " + kCards);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(json::parse(one.out), corpus_census());
}

TEST(CensusCommand, MissingPathExitsTwo) {
  auto result = run_owl("census /nonexistent/owl/cards");
  EXPECT_EQ(result.exit_code, 2);
}

TEST(CensusCommand, DateFromDatesReleasesByName) {
  TempDir dir;
  write_file(dir.path() / "cards" / "acme_tiny.md", "---\nlicense: mit\n---\n# tiny\n");
  write_file(dir.path() / "cards" / "acme_small.md", "---\nlicense: apache-2.0\n---\n# small\n");
  write_file(dir.path() / "dates.csv", "name,date\nacme/tiny,2024-02-03\n");
  auto result = run_owl("census --json --date-from " + (dir.path() / "dates.csv").string() + " " +
                        (dir.path() / "cards").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json census = json::parse(result.out);
  EXPECT_EQ(census["releases"], 2);
  EXPECT_EQ(census["over_time"]["undated"], 1);
  ASSERT_EQ(census["over_time"]["months"].size(), 1u);
  EXPECT_EQ(census["over_time"]["months"][0]["month"], "2024-02");
  EXPECT_EQ(census["over_time"]["basis"]["date-from"], 1);
}

TEST(CensusCommand, HubCacheSnapshotsAreDatedByDownload) {
  TempDir dir;
  const fs::path model = dir.path() / "hub" / "models--acme--tiny";
  write_file(model / "refs" / "main", "abc123");
  write_file(model / "snapshots" / "abc123" / "README.md", "---\nlicense: mit\n---\n# tiny\n");
  const auto may_2023 = std::chrono::file_clock::from_sys(
      std::chrono::sys_seconds{std::chrono::sys_days{std::chrono::year{2023} / 5 / 14}});
  fs::last_write_time(model / "snapshots" / "abc123", may_2023);
  auto result = run_owl("census --json " + (dir.path() / "hub").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json census = json::parse(result.out);
  EXPECT_EQ(census["releases"], 1);
  EXPECT_EQ(census["by_organisation"][0]["organisation"], "acme");
  ASSERT_EQ(census["over_time"]["months"].size(), 1u);
  EXPECT_EQ(census["over_time"]["months"][0]["month"], "2023-05");
  EXPECT_EQ(census["over_time"]["basis"]["hub-cache-download"], 1);
}

TEST(CensusCommand, ACardThatCannotBeParsedIsCountedListedAndExitsTwo) {
  TempDir dir;
  write_file(dir.path() / "cards" / "acme_broken.md", "---\nlicense: [mit\n---\n# broken\n");
  write_file(dir.path() / "cards" / "acme_fine.md", "---\nlicense: mit\n---\n# fine\n");
  auto result = run_owl("census --json " + (dir.path() / "cards").string());
  // An input error, as in `owl scan`: exit 2, one stderr line naming the
  // file and the rule, and the census of the rest still printed.
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find("acme_broken.md"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("card.yaml-syntax"), std::string::npos) << result.err;
  const json census = json::parse(result.out);
  EXPECT_EQ(census["releases"], 2);
  EXPECT_EQ(census["parse_failures"]["releases"], 1);
  ASSERT_EQ(census["parse_failures"]["listed"].size(), 1u);
  EXPECT_EQ(census["parse_failures"]["listed"][0]["name"], "acme/broken");
  EXPECT_EQ(census["parse_failures"]["listed"][0]["error"]["file"], "acme_broken.md");
  auto text = run_owl("census --no-color " + (dir.path() / "cards").string());
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.out.find("owl census: 2 releases, 1 could not be parsed"), std::string::npos)
      << text.out;
}

TEST(CensusCommand, ACardOverTheFrontMatterLimitExitsTwo) {
  TempDir dir;
  write_file(dir.path() / "cards" / "acme_huge.md",
             "---\nlicense: mit\ndescription: " + std::string(1100000, 'a') + "\n---\n# huge\n");
  auto result = run_owl("census --json " + (dir.path() / "cards").string());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("acme_huge.md"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("card.front-matter-too-large"), std::string::npos) << result.err;
  EXPECT_EQ(json::parse(result.out)["parse_failures"]["releases"], 1);
}

// Chromium runs the page's scripts, then --dump-dom prints the DOM with the
// attributes the page set once Chart.js had drawn.
TEST(CensusHtml, HeadlessChromiumDrawsEveryChart) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    if (std::getenv("OWL_ALLOW_NO_CHROMIUM") != nullptr) GTEST_SKIP() << "chromium not installed";
    FAIL() << "chromium is needed to check the census page (apt-get install chromium), or set "
              "OWL_ALLOW_NO_CHROMIUM=1";
  }
  TempDir dir;
  const fs::path page = dir.path() / "census.html";
  auto census = run_owl("census --html " + page.string() + " " + kCards);
  ASSERT_EQ(census.exit_code, 0) << census.err;
  ASSERT_TRUE(fs::exists(page));
  const fs::path dom = dir.path() / "dom.html";
  const std::string command = "chromium --headless --disable-gpu --no-sandbox --user-data-dir=" +
                              (dir.path() / "profile").string() + " --dump-dom file://" +
                              page.string() + " > " + dom.string() + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string text = testing::read_file(dom);
  const auto attribute = [&](const std::string& name) {
    const auto at = text.find(name + "=\"");
    return at == std::string::npos
               ? std::string("missing")
               : text.substr(at + name.size() + 2,
                             text.find('"', at + name.size() + 2) - (at + name.size() + 2));
  };
  // Tiers, matrix, licence families, base families and months.
  const std::string expected = attribute("data-charts-expected");
  EXPECT_EQ(expected, "5");
  EXPECT_EQ(attribute("data-charts-rendered"), expected);
  EXPECT_EQ(attribute("data-charts-painted"), expected);
  EXPECT_NE(text.find(expected + " charts drawn"), std::string::npos);
}

}  // namespace
}  // namespace owl
