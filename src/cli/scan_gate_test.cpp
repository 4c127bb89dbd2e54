// End-to-end: the policy gate of `owl scan` (which rules apply, which need
// a profile), the profile values it refuses, and `--output FILE`.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "test_support.h"

namespace owl {
namespace {

std::string hub_card(const std::string& name) {
  return testing::corpus("model-cards/hf-readme-2024/" + name).string();
}

TEST(OwlScanGate, FailOnNotAllowedWithoutProfileIsUsageError) {
  // A verdict rule with no profile can never trip: refuse it rather than
  // pass every release.
  const std::string laundered = hub_card("NousResearch_Hermes-2-Theta-Llama-3-8B.md");
  for (const char* rule : {"not-allowed", "needs-review", "high,not-allowed"}) {
    auto result = testing::run_owl(std::string("scan --fail-on ") + rule + " " + laundered);
    EXPECT_EQ(result.exit_code, 2) << rule;
    EXPECT_EQ(result.out, "") << rule;  // nothing scanned
    EXPECT_NE(result.err.find("needs a deployment profile: give --profile FILE or --commercial"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
  // An empty profile file is still a profile: the rule applies.
  testing::TempDir dir;
  testing::write_file(dir.path() / "empty.toml", "");
  EXPECT_NE(testing::run_owl("scan --fail-on needs-review --profile " +
                             (dir.path() / "empty.toml").string() + " " + laundered)
                .exit_code,
            2);
}

TEST(OwlScanGate, FailOnHighKeepsDefaultNotAllowedGate) {
  // Meta's own Llama 3 card: no conflicts at all, but not allowed above
  // 700M monthly active users.
  const std::string llama = hub_card("NousResearch_Meta-Llama-3-8B.md");
  auto clean = nlohmann::json::parse(testing::run_owl("scan --json " + llama).out);
  ASSERT_TRUE(clean["releases"][0]["assessment"]["conflicts"].empty());
  for (const char* rules : {"high", "medium,low", "high,needs-review"}) {
    auto result = testing::run_owl(std::string("scan --fail-on ") + rules +
                                   " --commercial --mau 800000000 " + llama);
    EXPECT_EQ(result.exit_code, 1) << rules << ": " << result.err;
    EXPECT_NE(result.err.find("owl: policy: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(": not-allowed"), std::string::npos) << result.err;
  }
  // Below the threshold the same gate passes.
  EXPECT_EQ(testing::run_owl("scan --fail-on high --commercial --mau 2000000 " + llama).exit_code,
            0);
}

TEST(OwlScanGate, ProfileFlagsAreValidatedLikeTheProfileFile) {
  const std::string card = hub_card("havenhq_mamba-chat.md");
  const std::pair<const char*, const char*> refused[] = {
      {"--mau -3", "--mau"},  // once wrapped to 18 quintillion users
      {"--mau 1.5", "--mau"},
      {"--mau 2.5e6", "--mau"},
      {"--mau 1e30", "--mau"},
      {"--mau 99999999999999999999", "--mau"},
      {"--monthly-revenue nan", "--monthly-revenue"},
      {"--monthly-revenue inf", "--monthly-revenue"},
      {"--monthly-revenue -1", "--monthly-revenue"},
      {"--annual-revenue -1", "--annual-revenue"},
      {"--annual-revenue 1e400", "--annual-revenue"},
      {"--region Europe", "\"Europe\""},
      {"--region XX", "\"XX\""},
      {"--region DE --region eu --region Germany", "\"Germany\""},
  };
  for (const auto& [flags, named] : refused) {
    auto result = testing::run_owl(std::string("scan ") + flags + " " + card);
    EXPECT_EQ(result.exit_code, 2) << flags;
    EXPECT_EQ(result.out, "") << flags;
    EXPECT_NE(result.err.find(named), std::string::npos) << flags << ": " << result.err;
  }
  auto accepted = testing::run_owl(
      "scan --json --mau 0 --monthly-revenue 1.5e6 --region de "
      "--region Eu --region uk " +
      card);
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_EQ(nlohmann::json::parse(accepted.out)["releases"][0]["assessment"]["use"]["profile"],
            "0 monthly active users, $1.5M monthly revenue, in DE, EU, GB");
}

TEST(OwlScanGate, ListFlagsDoNotSwallowThePathsAfterThem) {
  const std::string first = hub_card("havenhq_mamba-chat.md");
  const std::string second = hub_card("NousResearch_Meta-Llama-3-8B.md");
  for (const char* flags : {"--region EU", "--fail-on low", "--fail-on low,medium --region de"}) {
    auto result =
        testing::run_owl(std::string("scan --json ") + flags + " " + first + " " + second);
    ASSERT_NE(result.exit_code, 2) << flags << ": " << result.err;
    EXPECT_EQ(nlohmann::json::parse(result.out)["releases"].size(), 2u) << flags;
  }
}

TEST(OwlScanGate, ProfileFileValuesAreValidated) {
  testing::TempDir dir;
  const auto profile = dir.path() / "gate.toml";
  const std::string card = hub_card("havenhq_mamba-chat.md");
  for (const char* line :
       {"monthly_active_users = 1e30", "monthly_active_users = -3", "monthly_active_users = 1.5",
        "monthly_revenue_usd = nan", "annual_revenue_usd = -inf", "annual_revenue_usd = -1",
        "regions = [\"Europe\"]", "regions = [\"EU\", \"XX\"]"}) {
    testing::write_file(profile, std::string(line) + "\n");
    auto result = testing::run_owl("scan --profile " + profile.string() + " " + card);
    EXPECT_EQ(result.exit_code, 2) << line;
    EXPECT_NE(result.err.find("gate.toml: profile.bad-value: key '"), std::string::npos)
        << line << ": " << result.err;
  }
}

TEST(OwlScanOutput, OutputFileHoldsExactlyWhatStdoutWould) {
  testing::TempDir dir;
  const std::string release = hub_card("NousResearch_Hermes-2-Theta-Llama-3-8B.md");
  for (const char* form : {"", "--json "}) {
    const auto file = dir.path() / (std::string("report") + (*form ? ".json" : ".txt"));
    const std::string args = std::string("scan ") + form + "--commercial --mau 2000000 ";
    auto printed = testing::run_owl(args + release);
    auto written = testing::run_owl(args + "--output " + file.string() + " " + release);
    ASSERT_EQ(printed.exit_code, 0) << printed.err;
    EXPECT_EQ(written.exit_code, printed.exit_code);
    EXPECT_EQ(written.out, "");
    EXPECT_FALSE(printed.out.empty());
    EXPECT_EQ(testing::read_file(file), printed.out) << form;
  }
  // A gate's exit code and policy line survive the redirection.
  auto rejected =
      testing::run_owl("scan --fail-on high -o " + (dir.path() / "r.txt").string() + " " + release);
  EXPECT_EQ(rejected.exit_code, 1);
  EXPECT_NE(rejected.err.find("owl: policy: "), std::string::npos);
  EXPECT_NE(testing::read_file(dir.path() / "r.txt").find("NousResearch/Hermes-2-Theta"),
            std::string::npos);
}

TEST(OwlScanOutput, FailedRunLeavesNoPartialFile) {
  testing::TempDir dir;
  const std::string release = hub_card("havenhq_mamba-chat.md");
  // The write itself fails: nothing is left, not even a temporary.
  auto unwritable = testing::run_owl("scan --output " +
                                     (dir.path() / "missing" / "r.txt").string() + " " + release);
  EXPECT_EQ(unwritable.exit_code, 2);
  EXPECT_NE(unwritable.err.find("missing/r.txt"), std::string::npos) << unwritable.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  // A run refused before scanning leaves an earlier report untouched.
  const auto earlier = dir.path() / "r.txt";
  testing::write_file(earlier, "earlier report\n");
  auto refused =
      testing::run_owl("scan --region Europe --output " + earlier.string() + " " + release);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(testing::read_file(earlier), "earlier report\n");
  // Onto a directory: refused, the directory and its contents untouched.
  std::filesystem::create_directory(dir.path() / "taken");
  auto onto_directory =
      testing::run_owl("scan --output " + (dir.path() / "taken").string() + " " + release);
  EXPECT_EQ(onto_directory.exit_code, 2);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() / "taken"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            2);  // r.txt and taken/, no temporary
}

}  // namespace
}  // namespace owl
