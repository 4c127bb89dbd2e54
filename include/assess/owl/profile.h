// A deployment profile: what the user means to do with a model, so owl can
// say whether each release allows it and what it asks in return.
//
// Every field is optional: an unset field means "not stated", and the
// verdict then names the duty or condition instead of assuming an answer
// (a Llama release without a user count still gets "stay under 700M monthly
// active users or ask Meta"). Plain values; parse_profile_toml is pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"

namespace owl {

struct DeploymentProfile {
  std::optional<bool> commercial;
  std::optional<uint64_t> monthly_active_users;
  std::optional<double> monthly_revenue_usd;
  std::optional<double> annual_revenue_usd;
  // Where the deploying organisation is based and serves users: "EU" or
  // ISO 3166-1 alpha-2 codes ("US", "DE"), canonical upper-case (see
  // canonical_region); an EU member state counts as "EU".
  std::vector<std::string> regions;
  std::optional<bool> redistribute_weights;  // ship the weights or a derivative
  std::optional<bool> fine_tune;             // fine-tune, merge or distil into a new model
  std::optional<bool> serve_api;             // offer the model to others as a service
  std::optional<bool> train_on_outputs;      // use its outputs to train another model
  std::string origin;                        // "profile.toml" or "command-line flags"

  bool empty() const;
  // "commercial, 2M monthly active users, EU, redistributes weights".
  std::string describe() const;
};

// Parses the TOML form (see README "Deployment profiles"). Unknown keys and
// wrong types are errors naming the key and the file, so a typo never
// silently weakens a policy gate.
Expected<DeploymentProfile> parse_profile_toml(std::string_view text, std::string_view file_name);

// True when `region` ("DE", "EU", "eu") is, or is inside, `excluded` ("EU").
bool region_within(std::string_view region, std::string_view excluded);

// Profile values as people type them, checked the same way for the TOML file
// and the command line. Each refuses what would silently change a verdict: a
// sign that wraps to 18 quintillion users, a fraction, an overflow, NaN or
// infinity, a region owl does not know (an EU exclusion skipped because the
// region was spelt "Europe"). The error is Error::usage whose detail says
// what was expected and quotes what was found; callers prefix the flag or
// the file and key.
//
// A whole number of users in decimal digits: "2000000", not "-3" or "2.5e6".
Expected<uint64_t> parse_user_count(std::string_view text);
// An amount in US dollars ("1500000", "1.5e6"), checked by check_usd_amount.
Expected<double> parse_usd_amount(std::string_view text);
// Finite, 0 or more, and at most kMaxUsdAmount.
Status check_usd_amount(double amount);
// Far above any company's revenue; a larger figure is a typo, and the bound
// keeps whole-dollar conversions in range.
inline constexpr double kMaxUsdAmount = 1e15;

// "de" -> "DE", "eu" -> "EU", "uk" -> "GB": an ISO 3166-1 alpha-2 code
// assigned to a country (data/regions.tsv), "EU", or "UK" (the code ISO
// reserves for the United Kingdom), in any case, canonical upper-case.
Expected<std::string> canonical_region(std::string_view text);

// One row of data/regions.tsv.
struct RegionCode {
  std::string code;   // "DE"
  std::string name;   // "Germany"
  std::string group;  // "EU" for a member state of the European Union, else ""
};
// Parses the region table: `CODE<TAB>NAME[<TAB>GROUP]` lines (the only
// group is "EU") and `#` comments; each code
// two upper-case ASCII letters, given once, in ascending order (so lookups
// can bisect), each name non-empty and printable. An error names the line.
Expected<std::vector<RegionCode>> parse_region_table(std::string_view tsv);
// The table compiled in from data/regions.tsv, parsed on first use.
const Expected<std::vector<RegionCode>>& builtin_region_table();

}  // namespace owl
