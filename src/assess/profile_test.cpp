#include "owl/profile.h"

#include <gtest/gtest.h>

namespace owl {
namespace {

TEST(Profile, ParsesEveryKey) {
  auto profile = parse_profile_toml(R"(
commercial = true
monthly_active_users = 2_000_000
monthly_revenue_usd = 1500000.5
annual_revenue_usd = 12000000
regions = ["EU", "US"]
redistribute_weights = false
fine_tune = true
serve_api = true
train_on_outputs = false
)",
                                    "p.toml");
  ASSERT_TRUE(profile) << profile.error().message();
  EXPECT_EQ(profile->commercial, true);
  EXPECT_EQ(profile->monthly_active_users, 2'000'000u);
  EXPECT_DOUBLE_EQ(*profile->monthly_revenue_usd, 1500000.5);
  EXPECT_EQ(profile->regions, (std::vector<std::string>{"EU", "US"}));
  EXPECT_EQ(profile->redistribute_weights, false);
  EXPECT_EQ(profile->train_on_outputs, false);
  EXPECT_EQ(profile->origin, "p.toml");
  EXPECT_EQ(
      profile->describe(),
      "commercial, 2.0M monthly active users, $1.5M monthly revenue, $12.0M annual revenue, in "
      "EU, US, does not redistribute weights, fine-tunes, serves an API, does not train on "
      "outputs");
}

TEST(Profile, UnknownKeyIsAnErrorNamingFileAndKey) {
  auto profile = parse_profile_toml("comercial = true\n", "gate.toml");
  ASSERT_FALSE(profile);
  EXPECT_EQ(profile.error().rule(), "profile.bad-value");
  EXPECT_EQ(profile.error().file(), "gate.toml");
  EXPECT_NE(profile.error().detail().find("'comercial'"), std::string::npos);
}

TEST(Profile, WrongTypesAndSyntax) {
  EXPECT_EQ(parse_profile_toml("commercial = \"yes\"\n", "a.toml").error().rule(),
            "profile.bad-value");
  EXPECT_EQ(parse_profile_toml("monthly_active_users = -5\n", "a.toml").error().rule(),
            "profile.bad-value");
  EXPECT_EQ(parse_profile_toml("regions = \"EU\"\n", "a.toml").error().rule(), "profile.bad-value");
  auto broken = parse_profile_toml("commercial = \n", "b.toml");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().rule(), "profile.toml-syntax");
  EXPECT_NE(broken.error().detail().find("line 1"), std::string::npos);
}

TEST(Profile, EmptyProfileSaysNothingStated) {
  auto profile = parse_profile_toml("", "e.toml");
  ASSERT_TRUE(profile);
  EXPECT_TRUE(profile->empty());
  EXPECT_EQ(profile->describe(), "nothing stated");
}

TEST(Profile, RegionsIncludeMemberStates) {
  EXPECT_TRUE(region_within("DE", "EU"));
  EXPECT_TRUE(region_within("eu", "EU"));
  EXPECT_TRUE(region_within("GB", "UK"));
  EXPECT_FALSE(region_within("GB", "EU"));
  EXPECT_FALSE(region_within("US", "EU"));
  EXPECT_TRUE(region_within("KR", "kr"));
}

}  // namespace
}  // namespace owl
