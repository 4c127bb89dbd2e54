// Deployment-profile and policy-gate flags, shared by `owl scan` (and any
// command that judges releases for a deployment).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "owl/audit.h"

namespace owl::cli {

// The flags as typed: numbers and regions stay text until profile_from
// checks them like the TOML file (a number parsed by CLI11 into uint64_t
// would let "-3" wrap to 18 quintillion users).
struct ProfileFlags {
  std::string profile_file;
  std::optional<bool> commercial;
  std::optional<std::string> monthly_active_users;
  std::optional<std::string> monthly_revenue_usd;
  std::optional<std::string> annual_revenue_usd;
  std::vector<std::string> regions;
  std::optional<bool> redistribute_weights, fine_tune, serve_api, train_on_outputs;
  std::vector<std::string> fail_on;  // not-allowed, needs-review, high, medium, low
};

void add_profile_flags(CLI::App& command, ProfileFlags& flags);

// The profile the flags describe (file first, flags on top), nullopt when
// none was given, or an error naming the file and the key, or the flag and
// the value.
Expected<std::optional<DeploymentProfile>> profile_from(const ProfileFlags& flags);

// The rules the gate applies: --fail-on's, plus not-allowed whenever there
// is a profile, so rules add up and never replace the default. A verdict
// rule (not-allowed, needs-review) without a profile could never trip, so it
// is a usage error rather than a gate that passes everything.
Expected<std::vector<std::string>> gate_rules(const ProfileFlags& flags, bool has_profile);

// True when the audit trips one of the rules; `why` says what tripped it.
bool gate_trips(const std::vector<std::string>& rules, const ReleaseAudit& audit, std::string& why);

}  // namespace owl::cli
