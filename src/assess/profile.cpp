// Deployment profiles: the TOML form and what a region code includes.
#include "owl/profile.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <array>
#include <set>

#include "owl/text.h"
#include "owl/units.h"

namespace owl {

namespace {

const std::set<std::string, std::less<>> kKeys = {
    "commercial",      "monthly_active_users", "monthly_revenue_usd", "annual_revenue_usd",
    "regions",         "redistribute_weights", "fine_tune",           "serve_api",
    "train_on_outputs"};

Error profile_error(std::string_view file, std::string_view key, std::string_view detail) {
  return Error::corrupt(std::string(file), std::nullopt, "profile.bad-value",
                        fmt::format("key '{}': {}", key, detail));
}

Expected<std::optional<bool>> flag(const toml::table& table, std::string_view key,
                                   std::string_view file) {
  const auto* node = table.get(key);
  if (!node) return std::optional<bool>{};
  if (const auto value = node->value<bool>()) return std::optional<bool>{*value};
  return profile_error(file, key, "expected true or false");
}

// A whole number of users must be a TOML integer: 1.5 users is a typo, and
// a float such as 1e30 does not fit a count (converting it was how a gate
// once saw 0 users).
Expected<std::optional<uint64_t>> user_count(const toml::table& table, std::string_view key,
                                             std::string_view file) {
  const auto* node = table.get(key);
  if (!node) return std::optional<uint64_t>{};
  const auto* integer = node->as_integer();
  if (!integer)
    return profile_error(file, key,
                         node->is_floating_point()
                             ? fmt::format("expected a whole number of users (a TOML integer "
                                           "such as 2_000_000), found {}",
                                           node->as_floating_point()->get())
                             : std::string("expected a whole number of users"));
  if (integer->get() < 0)
    return profile_error(
        file, key,
        fmt::format("expected a whole number of users, 0 or more, found {}", integer->get()));
  return std::optional<uint64_t>{static_cast<uint64_t>(integer->get())};
}

Expected<std::optional<double>> usd_amount(const toml::table& table, std::string_view key,
                                           std::string_view file) {
  const auto* node = table.get(key);
  if (!node) return std::optional<double>{};
  if (!node->is_number()) return profile_error(file, key, "expected an amount in US dollars");
  const double amount = node->is_integer() ? static_cast<double>(node->as_integer()->get())
                                           : node->as_floating_point()->get();
  if (auto checked = check_usd_amount(amount); !checked)
    return profile_error(file, key, checked.error().detail());
  return std::optional<double>{amount};
}

Status read_regions(const toml::table& table, std::string_view file, DeploymentProfile& out) {
  const auto* node = table.get("regions");
  if (!node) return Ok{};
  const auto* list = node->as_array();
  if (!list) return profile_error(file, "regions", "expected a list of region codes");
  for (const auto& item : *list) {
    const auto value = item.value<std::string>();
    if (!value) return profile_error(file, "regions", "expected region codes such as \"EU\"");
    auto region = canonical_region(*value);
    if (!region) return profile_error(file, "regions", region.error().detail());
    out.regions.push_back(std::move(*region));
  }
  return Ok{};
}

}  // namespace

bool DeploymentProfile::empty() const {
  return !commercial && !monthly_active_users && !monthly_revenue_usd && !annual_revenue_usd &&
         regions.empty() && !redistribute_weights && !fine_tune && !serve_api && !train_on_outputs;
}

std::string DeploymentProfile::describe() const {
  std::vector<std::string> parts;
  if (commercial) parts.push_back(*commercial ? "commercial" : "non-commercial");
  if (monthly_active_users)
    parts.push_back(human_count(*monthly_active_users) + " monthly active users");
  if (monthly_revenue_usd)
    parts.push_back(fmt::format("${} monthly revenue",
                                human_count(static_cast<uint64_t>(*monthly_revenue_usd))));
  if (annual_revenue_usd)
    parts.push_back(
        fmt::format("${} annual revenue", human_count(static_cast<uint64_t>(*annual_revenue_usd))));
  if (!regions.empty()) parts.push_back(fmt::format("in {}", fmt::join(regions, ", ")));
  const auto say = [&parts](const std::optional<bool>& value, const char* yes, const char* no) {
    if (value) parts.push_back(*value ? yes : no);
  };
  say(redistribute_weights, "redistributes weights", "does not redistribute weights");
  say(fine_tune, "fine-tunes", "no fine-tuning");
  say(serve_api, "serves an API", "no API");
  say(train_on_outputs, "trains on outputs", "does not train on outputs");
  return parts.empty() ? "nothing stated" : fmt::format("{}", fmt::join(parts, ", "));
}

Expected<DeploymentProfile> parse_profile_toml(std::string_view text, std::string_view file_name) {
  toml::table table;
  try {
    table = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    return Error::corrupt(
        std::string(file_name), std::nullopt, "profile.toml-syntax",
        fmt::format("line {}: {}", error.source().begin.line, error.description()));
  }
  for (const auto& [key, value] : table)
    if (!kKeys.count(key.str()))
      return profile_error(file_name, key.str(),
                           fmt::format("unknown (expected one of: {})", fmt::join(kKeys, ", ")));
  DeploymentProfile profile;
  profile.origin = std::string(file_name);
  const auto read_flag = [&](std::string_view key, std::optional<bool>& into) -> Status {
    auto value = flag(table, key, file_name);
    if (!value) return value.error();
    into = *value;
    return Ok{};
  };
  for (auto [key, into] :
       {std::pair{"commercial", &profile.commercial},
        std::pair{"redistribute_weights", &profile.redistribute_weights},
        std::pair{"fine_tune", &profile.fine_tune}, std::pair{"serve_api", &profile.serve_api},
        std::pair{"train_on_outputs", &profile.train_on_outputs}})
    if (auto status = read_flag(key, *into); !status) return status.error();
  auto users = user_count(table, "monthly_active_users", file_name);
  if (!users) return users.error();
  profile.monthly_active_users = *users;
  auto monthly = usd_amount(table, "monthly_revenue_usd", file_name);
  if (!monthly) return monthly.error();
  profile.monthly_revenue_usd = *monthly;
  auto annual = usd_amount(table, "annual_revenue_usd", file_name);
  if (!annual) return annual.error();
  profile.annual_revenue_usd = *annual;
  if (auto status = read_regions(table, file_name, profile); !status) return status.error();
  return profile;
}

bool region_within(std::string_view region, std::string_view excluded) {
  const std::string place = ascii_lower(region);
  const std::string area = ascii_lower(excluded);
  if (place == area) return true;
  if (area == "eu" && place.size() == 2) {
    // Membership comes from data/regions.tsv's EU group.
    const auto& table = builtin_region_table();
    const std::string code = ascii_upper(place);
    if (table)
      for (const auto& row : *table)
        if (row.code == code) return row.group == "EU";
  }
  // The UK left the EU; "GB" and "UK" name the same place.
  if ((area == "uk" && place == "gb") || (area == "gb" && place == "uk")) return true;
  return false;
}

}  // namespace owl
