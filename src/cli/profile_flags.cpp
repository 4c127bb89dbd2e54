#include "profile_flags.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace owl::cli {

namespace {

void add_switch(CLI::App& command, const std::string& name, std::optional<bool>& into,
                const std::string& help) {
  command.add_flag_callback(
      "--" + name, [&into] { into = true; }, help);
  command.add_flag_callback(
      "--no-" + name, [&into] { into = false; }, "Not: " + help);
}

Severity severity_named(const std::string& name) {
  if (name == "high") return Severity::kHigh;
  if (name == "medium") return Severity::kMedium;
  return Severity::kLow;
}

}  // namespace

void add_profile_flags(CLI::App& command, ProfileFlags& flags) {
  command
      .add_option("--profile", flags.profile_file,
                  "Deployment profile (TOML: commercial, monthly_active_users, "
                  "monthly_revenue_usd, annual_revenue_usd, regions, redistribute_weights, "
                  "fine_tune, serve_api, train_on_outputs); flags below override it")
      ->check(CLI::ExistingFile);
  add_switch(command, "commercial", flags.commercial, "the use is commercial");
  command.add_option("--mau", flags.monthly_active_users,
                     "Monthly active users of your product or service");
  command.add_option("--monthly-revenue", flags.monthly_revenue_usd, "Monthly revenue, USD");
  command.add_option("--annual-revenue", flags.annual_revenue_usd, "Annual revenue, USD");
  command.add_option("--region", flags.regions,
                     "Where you are based or serve users: EU, US, DE, ... (repeatable)");
  add_switch(command, "redistribute", flags.redistribute_weights,
             "you ship the weights or a derivative to others");
  add_switch(command, "fine-tune", flags.fine_tune, "you fine-tune, merge or distil the model");
  add_switch(command, "api", flags.serve_api, "you serve the model to others as an API");
  add_switch(command, "train-on-outputs", flags.train_on_outputs,
             "you train another model on its outputs");
  command
      .add_option("--fail-on", flags.fail_on,
                  "Exit 1 when a release is not-allowed or needs-review for the profile, or has "
                  "a conflict of severity high, medium or low (comma-separated; default with a "
                  "profile: not-allowed)")
      ->delimiter(',')
      ->check(CLI::IsMember({"not-allowed", "needs-review", "high", "medium", "low"}));
}

Expected<std::optional<DeploymentProfile>> profile_from(const ProfileFlags& flags) {
  DeploymentProfile profile;
  profile.origin = "command-line flags";
  if (!flags.profile_file.empty()) {
    std::ifstream in(flags.profile_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Error::io(flags.profile_file, "cannot read the profile");
    auto parsed = parse_profile_toml(text.str(), flags.profile_file);
    if (!parsed) return parsed.error();
    profile = std::move(*parsed);
  }
  const auto take = [](auto& into, const auto& flag) {
    if (flag) into = flag;
  };
  take(profile.commercial, flags.commercial);
  take(profile.monthly_active_users, flags.monthly_active_users);
  take(profile.monthly_revenue_usd, flags.monthly_revenue_usd);
  take(profile.annual_revenue_usd, flags.annual_revenue_usd);
  take(profile.redistribute_weights, flags.redistribute_weights);
  take(profile.fine_tune, flags.fine_tune);
  take(profile.serve_api, flags.serve_api);
  take(profile.train_on_outputs, flags.train_on_outputs);
  if (!flags.regions.empty()) profile.regions = flags.regions;
  if (profile.empty() && flags.profile_file.empty()) return std::optional<DeploymentProfile>{};
  return std::optional<DeploymentProfile>{profile};
}

bool gate_trips(const ProfileFlags& flags, const ReleaseAudit& audit, std::string& why) {
  std::vector<std::string> rules = flags.fail_on;
  if (rules.empty() && audit.assessment.use) rules.push_back("not-allowed");
  const auto& assessment = audit.assessment;
  for (const auto& rule : rules) {
    if (rule == "not-allowed" || rule == "needs-review") {
      if (!assessment.use) continue;
      const Permission limit =
          rule == "not-allowed" ? Permission::kNotAllowed : Permission::kNeedsReview;
      if (assessment.use->permission >= limit) {
        why = fmt::format("{}: {}", audit.release.name, to_string(assessment.use->permission));
        return true;
      }
      continue;
    }
    for (const auto& conflict : assessment.conflicts)
      if (conflict.severity >= severity_named(rule)) {
        why = fmt::format("{}: {} conflict {}", audit.release.name, to_string(conflict.severity),
                          to_string(conflict.kind));
        return true;
      }
  }
  return false;
}

}  // namespace owl::cli
