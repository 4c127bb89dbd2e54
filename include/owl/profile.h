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
  // Where the deploying organisation is based and serves users: region or
  // ISO 3166 codes ("EU", "US", "DE"); an EU member state counts as "EU".
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

}  // namespace owl
