#include "owl/profile.h"

#include <gtest/gtest.h>

#include <algorithm>

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

std::string rule_of(std::string_view toml) {
  auto profile = parse_profile_toml(toml, "gate.toml");
  return profile ? "accepted" : profile.error().rule() + ": " + profile.error().detail();
}

TEST(Profile, TomlUserCountsMustBeWholeNonNegativeIntegers) {
  // 1e30 once converted to 0 users and passed a Llama gate; -5 and 1.5 are typos.
  for (const char* value : {"1e30", "1.5", "2.5e6", "-5", "nan", "inf", "\"2000000\""}) {
    const std::string outcome = rule_of(std::string("monthly_active_users = ") + value + "\n");
    EXPECT_EQ(outcome.rfind("profile.bad-value: key 'monthly_active_users'", 0), 0u)
        << value << " -> " << outcome;
  }
  auto profile = parse_profile_toml("monthly_active_users = 0\n", "gate.toml");
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->monthly_active_users, 0u);
}

TEST(Profile, TomlRevenuesMustBeFiniteAndNonNegative) {
  for (const char* key : {"monthly_revenue_usd", "annual_revenue_usd"})
    for (const char* value : {"nan", "inf", "-inf", "-1", "-0.5", "1e300", "\"5\""}) {
      const std::string outcome = rule_of(std::string(key) + " = " + value + "\n");
      EXPECT_EQ(outcome.rfind(std::string("profile.bad-value: key '") + key + "'", 0), 0u)
          << key << " = " << value << " -> " << outcome;
    }
  auto profile = parse_profile_toml("annual_revenue_usd = 0\nmonthly_revenue_usd = 2.5e6\n", "p");
  ASSERT_TRUE(profile) << profile.error().message();
  EXPECT_EQ(*profile->annual_revenue_usd, 0.0);
  EXPECT_EQ(*profile->monthly_revenue_usd, 2.5e6);
}

TEST(Profile, TomlRegionsMustBeKnownAndAreCanonical) {
  for (const char* value : {"Europe", "XX", "", "EUR", "D"}) {
    const std::string outcome = rule_of(std::string("regions = [\"") + value + "\"]\n");
    EXPECT_EQ(outcome.rfind("profile.bad-value: key 'regions': unknown region", 0), 0u)
        << value << " -> " << outcome;
    EXPECT_NE(outcome.find(std::string("\"") + value + "\""), std::string::npos) << outcome;
  }
  auto profile = parse_profile_toml("regions = [\"eu\", \"de\", \"Us\", \"uk\"]\n", "p");
  ASSERT_TRUE(profile) << profile.error().message();
  EXPECT_EQ(profile->regions, (std::vector<std::string>{"EU", "DE", "US", "GB"}));
}

TEST(ProfileValues, UserCountsAreDigitsOnly) {
  EXPECT_EQ(*parse_user_count("2000000"), 2'000'000u);
  EXPECT_EQ(*parse_user_count("0"), 0u);
  EXPECT_EQ(*parse_user_count("18446744073709551615"), UINT64_MAX);
  // "-3" once wrapped to 18 quintillion users.
  for (const char* text : {"-3", "1.5", "2.5e6", "", " 5", "5 ", "+5", "1e30", "0x10",
                           "18446744073709551616", "99999999999999999999999"}) {
    auto users = parse_user_count(text);
    ASSERT_FALSE(users) << text;
    EXPECT_EQ(users.error().kind(), ErrorKind::kUsage);
    EXPECT_NE(users.error().detail().find("whole number of users"), std::string::npos);
  }
}

TEST(ProfileValues, AmountsAreFiniteAndNonNegative) {
  EXPECT_EQ(*parse_usd_amount("1500000"), 1.5e6);
  EXPECT_EQ(*parse_usd_amount("1.5e6"), 1.5e6);
  EXPECT_EQ(*parse_usd_amount("0"), 0.0);
  for (const char* text : {"nan", "NaN", "inf", "-inf", "infinity", "-1", "1e16", "1e400", "", "$5",
                           "5 USD", "1,000"}) {
    auto amount = parse_usd_amount(text);
    ASSERT_FALSE(amount) << text;
    EXPECT_NE(amount.error().detail().find("US dollars"), std::string::npos) << text;
  }
}

TEST(ProfileValues, RegionsAreIsoCodesOrEu) {
  EXPECT_EQ(*canonical_region("de"), "DE");
  EXPECT_EQ(*canonical_region("Eu"), "EU");
  EXPECT_EQ(*canonical_region("UK"), "GB");
  EXPECT_EQ(*canonical_region("KR"), "KR");
  for (const char* text : {"Europe", "XX", "ZZ", "", "E", "DEU", "de ", "\x1b[2J"}) {
    auto region = canonical_region(text);
    ASSERT_FALSE(region) << text;
    EXPECT_NE(region.error().detail().find("unknown region"), std::string::npos);
    // Control bytes in the value come back escaped, never raw.
    EXPECT_EQ(region.error().detail().find('\x1b'), std::string::npos);
  }
}

TEST(RegionTable, BuiltinTableParsesWithEveryAssignedCode) {
  const auto& table = builtin_region_table();
  ASSERT_TRUE(table) << table.error().message();
  EXPECT_EQ(table->size(), 249u);  // ISO 3166-1 assigns 249 alpha-2 codes
  for (const auto& row : *table) EXPECT_NE(row.name, "") << row.code;
  // The European Union has had 27 member states since the UK left in 2020.
  EXPECT_EQ(std::count_if(table->begin(), table->end(),
                          [](const RegionCode& row) { return row.group == "EU"; }),
            27);
}

TEST(RegionTable, MalformedLinesAreErrorsNamingTheLine) {
  EXPECT_TRUE(parse_region_table("# comment\nAD\tAndorra\nAE\tUnited Arab Emirates\n"));
  for (const char* tsv :
       {"AD Andorra\n", "ad\tAndorra\n", "ADX\tAndorra\n", "AD\t\n",
        "AE\tUnited Arab Emirates\nAD\tAndorra\n", "AD\tA\nAD\tB\n", "AD\tAnd\x07orra\n",
        "# only a comment\n", "AD\tAndorra\tEFTA\n", "AD\tAndorra\t\n"}) {
    auto table = parse_region_table(tsv);
    ASSERT_FALSE(table) << tsv;
    EXPECT_EQ(table.error().rule(), "regions.bad-line");
  }
  EXPECT_NE(parse_region_table("AD\tAndorra\nAD\tAndorra\n").error().detail().find("line 2"),
            std::string::npos);
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
  EXPECT_TRUE(region_within("hr", "eu"));   // Croatia joined in 2013
  EXPECT_FALSE(region_within("NO", "EU"));  // Norway is in the EEA, not the EU
  EXPECT_FALSE(region_within("CH", "EU"));
  EXPECT_TRUE(region_within("KR", "kr"));
}

}  // namespace
}  // namespace owl
