#include "profile_flags.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

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
  command
      .add_option("--mau", flags.monthly_active_users,
                  "Monthly active users of your product or service (a whole number)")
      ->type_name("N");
  command
      .add_option("--monthly-revenue", flags.monthly_revenue_usd,
                  "Monthly revenue, USD (0 or more)")
      ->type_name("USD");
  command
      .add_option("--annual-revenue", flags.annual_revenue_usd, "Annual revenue, USD (0 or more)")
      ->type_name("USD");
  // One value per occurrence (allow_extra_args(false)): otherwise CLI11
  // lets a list option swallow the paths that follow it, and
  // `--region EU a b` would scan only b.
  command
      .add_option("--region", flags.regions,
                  "Where you are based or serve users: EU or an ISO 3166-1 alpha-2 code "
                  "(US, DE, ...; any case), repeatable")
      ->type_name("R")
      ->allow_extra_args(false);
  add_switch(command, "redistribute", flags.redistribute_weights,
             "you ship the weights or a derivative to others");
  add_switch(command, "fine-tune", flags.fine_tune, "you fine-tune, merge or distil the model");
  add_switch(command, "api", flags.serve_api, "you serve the model to others as an API");
  add_switch(command, "train-on-outputs", flags.train_on_outputs,
             "you train another model on its outputs");
  command
      .add_option("--fail-on", flags.fail_on,
                  "Exit 1 when a release is not-allowed or needs-review for the profile (these "
                  "need a profile), or has a conflict of severity high, medium or low "
                  "(comma-separated). With a profile, not-allowed always applies as well")
      ->delimiter(',')
      ->allow_extra_args(false)
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
  const auto take = [](auto& into, const std::optional<bool>& flag) {
    if (flag) into = flag;
  };
  take(profile.commercial, flags.commercial);
  const auto flag_error = [](std::string_view flag, const Error& error) {
    return Error::usage(fmt::format("{}: {}", flag, error.detail()));
  };
  if (flags.monthly_active_users) {
    auto users = parse_user_count(*flags.monthly_active_users);
    if (!users) return flag_error("--mau", users.error());
    profile.monthly_active_users = *users;
  }
  for (auto [flag, text, into] :
       {std::tuple{"--monthly-revenue", &flags.monthly_revenue_usd, &profile.monthly_revenue_usd},
        std::tuple{"--annual-revenue", &flags.annual_revenue_usd, &profile.annual_revenue_usd}}) {
    if (!*text) continue;
    auto amount = parse_usd_amount(**text);
    if (!amount) return flag_error(flag, amount.error());
    *into = *amount;
  }
  take(profile.redistribute_weights, flags.redistribute_weights);
  take(profile.fine_tune, flags.fine_tune);
  take(profile.serve_api, flags.serve_api);
  take(profile.train_on_outputs, flags.train_on_outputs);
  if (!flags.regions.empty()) {
    profile.regions.clear();
    for (const auto& text : flags.regions) {
      auto region = canonical_region(text);
      if (!region) return flag_error("--region", region.error());
      profile.regions.push_back(std::move(*region));
    }
  }
  if (profile.empty() && flags.profile_file.empty()) return std::optional<DeploymentProfile>{};
  return std::optional<DeploymentProfile>{profile};
}

Expected<std::vector<std::string>> gate_rules(const ProfileFlags& flags, bool has_profile) {
  std::vector<std::string> rules = flags.fail_on;
  for (const auto& rule : rules)
    if (!has_profile && (rule == "not-allowed" || rule == "needs-review"))
      return Error::usage(
          fmt::format("--fail-on {} needs a deployment profile: give --profile FILE or "
                      "--commercial/--mau/--region/... (owl scan --help lists them)",
                      rule));
  if (has_profile && std::find(rules.begin(), rules.end(), "not-allowed") == rules.end())
    rules.push_back("not-allowed");
  return rules;
}

bool gate_trips(const std::vector<std::string>& rules, const ReleaseAudit& audit,
                std::string& why) {
  const auto& assessment = audit.assessment;
  for (const auto& rule : rules) {
    if (rule == "not-allowed" || rule == "needs-review") {
      if (!assessment.use) {
        // gate_rules allows these rules only with a profile, and assess
        // judges every release against it; never pass silently.
        why = fmt::format("{}: no verdict for the profile", audit.release.name);
        return true;
      }
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
