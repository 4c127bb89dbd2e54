// Deployment-profile and policy-gate flags, shared by `owl scan` (and any
// command that judges releases for a deployment).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "owl/audit.h"

namespace owl::cli {

struct ProfileFlags {
  std::string profile_file;
  std::optional<bool> commercial;
  std::optional<uint64_t> monthly_active_users;
  std::optional<double> monthly_revenue_usd;
  std::optional<double> annual_revenue_usd;
  std::vector<std::string> regions;
  std::optional<bool> redistribute_weights, fine_tune, serve_api, train_on_outputs;
  std::vector<std::string> fail_on;  // not-allowed, needs-review, high, medium, low
};

void add_profile_flags(CLI::App& command, ProfileFlags& flags);

// The profile the flags describe (file first, flags on top), nullopt when
// none was given, or an error naming the file and the key.
Expected<std::optional<DeploymentProfile>> profile_from(const ProfileFlags& flags);

// True when the audit trips the gate; `why` says what tripped it.
bool gate_trips(const ProfileFlags& flags, const ReleaseAudit& audit, std::string& why);

}  // namespace owl::cli
