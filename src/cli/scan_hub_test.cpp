// owl scan / bom / census with hf:// ids, against the fixture Hub server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_hub.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::corpus;
using testing::FakeHub;
using testing::run_owl;
using testing::TempDir;
namespace fs = std::filesystem;

class OwlScanHub : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::have_python3()) GTEST_SKIP() << "python3 not found";
    hub_.emplace();
    hub_->add_repo("acme/granite", {{"README.md", corpus("hf-repo-granite/README.md")},
                                    {"config.json", corpus("hf-repo-granite/config.json")}});
    hub_->add_repo("acme/gated", {{"README.md", corpus("hf-repo-granite/README.md")},
                                  {"LICENSE", corpus("licenses/llama-3.2/LICENSE")}});
    hub_->set_config(
        {{"repos",
          {{"acme/gated", {{"gated", "manual"}, {"createdAt", "2024-09-25T00:00:00.000Z"}}}}}});
  }

  testing::CommandResult owl(const std::string& args, const std::string& extra_env = "") {
    return testing::run_owl_under(testing::hub_env(*hub_, home_.path(), extra_env), args);
  }

  std::optional<FakeHub> hub_;
  TempDir home_;
};

TEST_F(OwlScanHub, AGatedModelIsOneLineAndTheRestOfTheRunIsReported) {
  const std::string local = corpus("hf-repo-granite").string();
  auto result = owl("scan --json hf://acme/gated " + local);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("owl: error: hf://acme/gated: hub.gated: accept the licence on the "
                            "model page, then set HF_TOKEN\n"),
            std::string::npos)
      << result.err;
  const auto report = nlohmann::json::parse(result.out);
  ASSERT_EQ(report["releases"].size(), 1u);
  EXPECT_EQ(report["releases"][0]["root"], local);
  EXPECT_TRUE(report["releases"][0]["hub"].is_null());
  // The gated model cost one API call; no file was asked for without a token.
  const auto requests = hub_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0]["path"].get<std::string>().find("/api/models/acme/gated"),
            std::string::npos);
}

TEST_F(OwlScanHub, AMissingModelNamesTheIdAndABadIdIsAUsageError) {
  auto result = owl("scan hf://acme/nothing 'hf://bad id/x'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("hf://acme/nothing: hub.not-found"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("'hf://bad id/x' is not a Hub model id"), std::string::npos)
      << result.err;
}

TEST_F(OwlScanHub, FromListMixesIdsAndPaths) {
  const fs::path list = home_.path() / "models.txt";
  testing::write_file(list, "# models to check\n\nhf://acme/gated\n  " +
                                corpus("hf-repo-granite").string() + "  \nhf://acme/missing\n");
  auto result = owl("scan --json --from-list " + list.string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("hf://acme/gated: hub.gated"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hf://acme/missing: hub.not-found"), std::string::npos) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["releases"].size(), 1u);
  auto unreadable = owl("scan --from-list " + (home_.path() / "absent.txt").string());
  EXPECT_EQ(unreadable.exit_code, 2);
  EXPECT_NE(unreadable.err.find("absent.txt"), std::string::npos);
  auto nothing = owl("scan");
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("nothing to read"), std::string::npos) << nothing.err;
}

TEST_F(OwlScanHub, BomAndCensusTakeIdsToo) {
  const std::string local = corpus("hf-repo-granite").string();
  auto bom = owl("bom --format cyclonedx hf://acme/gated " + local);
  EXPECT_EQ(bom.exit_code, 2);
  EXPECT_NE(bom.err.find("hf://acme/gated: hub.gated"), std::string::npos) << bom.err;
  EXPECT_NE(bom.out.find("\"bomFormat\""), std::string::npos);
  auto census = owl("census --json hf://acme/gated " + local);
  EXPECT_EQ(census.exit_code, 2);
  EXPECT_NE(census.err.find("hf://acme/gated: hub.gated"), std::string::npos) << census.err;
  EXPECT_EQ(nlohmann::json::parse(census.out)["releases"], 1);
}

TEST_F(OwlScanHub, OfflineWithNothingCachedSaysSo) {
  auto result = owl("scan hf://acme/granite", "HF_HUB_OFFLINE=1");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("hf://acme/granite: hub.offline"), std::string::npos) << result.err;
  EXPECT_TRUE(hub_->requests().empty());
}

// These need the read stage to open files through ReleaseLocation::opener
// (the byte-source seam, branch `seam`); enable them when it lands.
TEST_F(OwlScanHub, DISABLED_ARemoteScanEqualsTheLocalOneAndARescanCostsOneCall) {
  const std::string local = corpus("hf-repo-granite").string();
  auto remote = owl("scan --json hf://acme/granite");
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  auto here = run_owl("scan --json " + local);
  auto remote_release = nlohmann::json::parse(remote.out)["releases"][0];
  auto local_release = nlohmann::json::parse(here.out)["releases"][0];
  EXPECT_EQ(remote_release["hub"]["repo"], "acme/granite");
  EXPECT_EQ(remote_release["assessment"], local_release["assessment"]);
  hub_->clear_requests();
  auto again = owl("scan --json hf://acme/granite");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  ASSERT_EQ(hub_->requests().size(), 1u);
  EXPECT_EQ(hub_->requests()[0]["status"], 304);
  hub_->clear_requests();
  auto refreshed = owl("scan --json --refresh hf://acme/granite");
  EXPECT_GT(hub_->requests().size(), 1u);
}

TEST_F(OwlScanHub, DISABLED_CensusDatesHubModelsByCreation) {
  hub_->set_config({{"repos", {{"acme/granite", {{"createdAt", "2024-12-18T10:00:00.000Z"}}}}}});
  auto census = owl("census --json hf://acme/granite");
  ASSERT_EQ(census.exit_code, 0) << census.err;
  const auto report = nlohmann::json::parse(census.out);
  EXPECT_EQ(report["over_time"]["basis"]["hub-created"], 1);
}

}  // namespace
}  // namespace owl
