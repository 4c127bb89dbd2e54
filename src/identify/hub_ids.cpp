// Hugging Face `license:` identifiers mapped to owl ids, from
// data/lexicon/hub-licenses.yaml (compiled in, validated on first use). The
// entries never change after loading, so the views handed out stay valid.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "owl/identify.h"
#include "owl/text.h"

namespace owl {
namespace {

struct HubEntry {
  std::string hub_id, owl_id, expression;
  bool family_only = false;
  bool hub_listed = true;
  std::string terms_of;
};

struct HubTable {
  std::vector<HubEntry> entries;
  std::vector<HubLicense> views;  // into `entries`, built once it is complete
  std::vector<Error> errors;
};

// "A OR B OR C": what a family id's expression is. Not the SPDX parser: an
// owl id may hold "+" ("LicenseRef-owl-openrail++-m-2023-07-26").
bool is_or_of_ids(std::string_view expression) {
  size_t start = 0;
  while (true) {
    const size_t end = std::min(expression.find(" OR ", start), expression.size());
    const std::string_view id = expression.substr(start, end - start);
    if (id.empty() || id.find_first_of(" ()") != std::string_view::npos) return false;
    if (end == expression.size()) return true;
    start = end + 4;
  }
}

bool flag(const YAML::Node& node, const char* key, bool otherwise) {
  const YAML::Node value = node[key];
  return value ? value.as<bool>() : otherwise;
}

HubTable parse_table(std::string_view file_name, std::string_view yaml) {
  HubTable table;
  const std::string file(file_name);
  const auto fail = [&](const std::string& rule, const std::string& detail) {
    table.errors.push_back(Error::corrupt(file, std::nullopt, "hub-licenses." + rule, detail));
  };
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    std::set<std::string> seen;
    for (const auto& node : root["hub_licenses"]) {
      HubEntry entry{node["hub"].as<std::string>(""),
                     node["owl"].as<std::string>(""),
                     node["expression"].as<std::string>(""),
                     flag(node, "family", false),
                     flag(node, "listed", true),
                     node["terms_of"].as<std::string>("")};
      if (entry.hub_id.empty() || ascii_lower(entry.hub_id) != entry.hub_id) {
        fail("id", fmt::format("hub id '{}' must be non-empty lower case", entry.hub_id));
        continue;
      }
      if (!seen.insert(entry.hub_id).second) {
        fail("duplicate", fmt::format("hub id '{}' is listed twice", entry.hub_id));
        continue;
      }
      if (!entry.terms_of.empty() && (!entry.family_only || !entry.owl_id.empty())) {
        fail("terms-of",
             fmt::format("'{}': terms_of is for a family id without an owl id", entry.hub_id));
        continue;
      }
      if (!entry.expression.empty() && !is_or_of_ids(entry.expression)) {
        fail("expression",
             fmt::format("'{}': expression '{}' does not parse", entry.hub_id, entry.expression));
        continue;
      }
      table.entries.push_back(std::move(entry));
    }
    if (table.entries.empty()) fail("empty", "no hub licence ids");
  } catch (const YAML::Exception& e) {
    fail("yaml", e.what());
  }
  for (const auto& entry : table.entries)
    table.views.push_back({entry.hub_id, entry.owl_id, entry.expression, entry.family_only,
                           entry.hub_listed, entry.terms_of});
  return table;
}

const HubTable& builtin_table() {
  static const HubTable table = [] {
    static constexpr std::string_view kText =
#include "owl/hub_licenses_data.inc"
        ;
    return parse_table("data/lexicon/hub-licenses.yaml", kText);
  }();
  return table;
}

bool equals_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

HubLicense map_hub_license(std::string_view hf_license_id) {
  while (!hf_license_id.empty() && std::isspace(static_cast<unsigned char>(hf_license_id.front())))
    hf_license_id.remove_prefix(1);
  while (!hf_license_id.empty() && std::isspace(static_cast<unsigned char>(hf_license_id.back())))
    hf_license_id.remove_suffix(1);
  for (const HubLicense& h : builtin_table().views) {
    if (equals_ci(h.hub_id, hf_license_id)) return h;
  }
  return HubLicense{};
}

std::span<const HubLicense> hub_licenses() { return builtin_table().views; }

const std::vector<Error>& hub_license_errors() { return builtin_table().errors; }

std::vector<Error> check_hub_license_file(std::string_view file_name, std::string_view yaml) {
  return parse_table(file_name, yaml).errors;
}

}  // namespace owl
