// End-to-end: `owl explain ID`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace owl {
namespace {

using testing::run_owl;

TEST(OwlExplain, HubIdLlama31PrintsItsDutiesAndClauses) {
  auto result = run_owl("explain llama3.1");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Llama 3.1 Community License Agreement  (LicenseRef-owl-llama-3.1)"),
            std::string::npos);
  EXPECT_NE(result.out.find("more than 700 million monthly active users"), std::string::npos);
  EXPECT_NE(result.out.find("“Built with Llama”"), std::string::npos);
  EXPECT_NE(result.out.find("[§1.b.i(B)]"), std::string::npos);
  EXPECT_NE(result.out.find("tier: source-available-revocable"), std::string::npos);
  EXPECT_NE(result.out.find("Checked against: ../shared/corpus/licenses/llama-3.1/LICENSE"),
            std::string::npos);
}

TEST(OwlExplain, JsonCarriesThresholdsAndSections) {
  auto result = run_owl("explain --json LicenseRef-owl-kimi-k2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["schema"], "owl.explain/1");
  EXPECT_EQ(doc["tier"], "open-permissive");
  ASSERT_EQ(doc["thresholds"].size(), 2u);
  EXPECT_EQ(doc["thresholds"][1]["metric"], "monthly_revenue_usd");
  EXPECT_EQ(doc["thresholds"][1]["value"], 20000000.0);
}

TEST(OwlExplain, SpdxIdIsCaseInsensitive) {
  auto result = run_owl("explain cc-by-nc-4.0");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Commercial use: no"), std::string::npos);
}

TEST(OwlExplain, UnknownIdExitsTwoAndSuggestsCloseIds) {
  auto result = run_owl("explain llama-3.7");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty());
  EXPECT_NE(result.err.find("no knowledge-base entry for 'llama-3.7'"), std::string::npos);
  EXPECT_NE(result.err.find("LicenseRef-owl-llama-3"), std::string::npos);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace owl
