// Loads data/pickle/policy.yaml, the allow/deny lists behind classify_global.
// The file is compiled in (owl_embed_text in CMakeLists.txt), so owl needs no
// data files at run time; validation errors fail PicklePolicyData tests, and
// an invalid entry is dropped (a dropped safe entry only makes owl stricter).
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <utility>

#include "read/pickle_policy.h"

namespace owl::pickle {

std::optional<Safety> verdict_named(std::string_view name) {
  if (name == "safe") return Safety::kSafe;
  if (name == "suspicious") return Safety::kSuspicious;
  if (name == "dangerous") return Safety::kDangerous;
  return std::nullopt;
}

namespace {

// Exact names first, module trees after, keeping the file's order otherwise.
void exact_before_trees(std::vector<GlobalRule>& rules) {
  std::stable_partition(rules.begin(), rules.end(),
                        [](const GlobalRule& rule) { return rule.name != "*"; });
}

class PolicyParser {
 public:
  explicit PolicyParser(std::string_view file_name) : file_(file_name) {}

  PolicyTables parse(std::string_view yaml) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
      fail("yaml", e.what());
      return std::move(tables_);
    }
    try {
      if (!root.IsMap()) {
        fail("shape", "expected a map with `rules` and `nested_loaders`");
        return std::move(tables_);
      }
      for (const auto& item : root) {
        const std::string key = item.first.as<std::string>("");
        if (key != "rules" && key != "nested_loaders" && key != "code_markers") {
          fail("unknown-key", "top-level key " + key);
        }
      }
      size_t index = 0;
      for (const auto& node : root["rules"]) read_rule(node, index++);
      index = 0;
      for (const auto& node : root["nested_loaders"]) read_loader(node, index++);
      index = 0;
      for (const auto& node : root["code_markers"]) read_marker(node, index++);
    } catch (const YAML::Exception& e) {
      fail("shape", e.what());
    }
    if (tables_.allowed.empty() || tables_.dangerous.empty()) {
      fail("rules", "the policy needs safe and dangerous entries");
    }
    exact_before_trees(tables_.allowed);
    exact_before_trees(tables_.dangerous);
    exact_before_trees(tables_.watched);
    return std::move(tables_);
  }

 private:
  void fail(const std::string& rule, const std::string& detail) {
    tables_.errors.push_back(Error::corrupt(file_, std::nullopt, "pickle-policy." + rule, detail));
  }

  // Reads module, name and reason; false (with an error) when one is missing
  // or a key is unknown.
  bool read_common(const YAML::Node& node, const std::string& where,
                   const std::set<std::string>& keys, GlobalRule& rule) {
    if (!node.IsMap()) {
      fail("shape", where + ": expected a map");
      return false;
    }
    bool ok = true;
    for (const auto& item : node) {
      const std::string key = item.first.as<std::string>("");
      if (!keys.count(key)) {
        fail("unknown-key", fmt::format("{}: unknown key '{}'", where, key));
        ok = false;
      }
    }
    rule.module = node["module"].as<std::string>("");
    rule.name = node["name"].as<std::string>("");
    rule.why = node["reason"].as<std::string>("");
    if (rule.module.empty() || rule.name.empty()) {
      fail("missing-field", where + ": every entry needs a module and a name");
      ok = false;
    }
    if (rule.why.empty()) {
      fail("missing-reason",
           fmt::format("{} ({}.{}): every entry needs a reason", where, rule.module, rule.name));
      ok = false;
    }
    return ok;
  }

  void read_rule(const YAML::Node& node, size_t index) {
    const std::string where = fmt::format("rules[{}]", index);
    GlobalRule rule;
    if (!read_common(node, where, {"module", "name", "verdict", "reason"}, rule)) return;
    const std::string verdict_text = node["verdict"].as<std::string>("");
    const auto verdict = verdict_named(verdict_text);
    if (!verdict) {
      fail("unknown-verdict",
           fmt::format("{} ({}.{}): verdict '{}' is not safe, suspicious or dangerous", where,
                       rule.module, rule.name, verdict_text));
      return;
    }
    rule.verdict = *verdict;
    if (!seen_.insert({rule.module, rule.name}).second) {
      fail("duplicate", fmt::format("{}: {}.{} is listed twice", where, rule.module, rule.name));
      return;
    }
    if (rule.module == "*") {
      if (rule.verdict != Safety::kDangerous || rule.name == "*") {
        fail("any-module", fmt::format("{}: a module \"*\" entry names one primitive and is "
                                       "dangerous ({})",
                                       where, rule.name));
        return;
      }
      tables_.exec_names.push_back(std::move(rule));
      return;
    }
    switch (rule.verdict) {
      case Safety::kSafe: tables_.allowed.push_back(std::move(rule)); break;
      case Safety::kSuspicious: tables_.watched.push_back(std::move(rule)); break;
      case Safety::kDangerous: tables_.dangerous.push_back(std::move(rule)); break;
    }
  }

  void read_loader(const YAML::Node& node, size_t index) {
    const std::string where = fmt::format("nested_loaders[{}]", index);
    GlobalRule rule;
    if (!read_common(node, where, {"module", "name", "reason"}, rule)) return;
    if (!loaders_seen_.insert({rule.module, rule.name}).second) {
      fail("duplicate", fmt::format("{}: {}.{} is listed twice", where, rule.module, rule.name));
      return;
    }
    tables_.nested_loaders.push_back(std::move(rule));
  }

  void read_marker(const YAML::Node& node, size_t index) {
    const std::string where = fmt::format("code_markers[{}]", index);
    if (!node.IsMap()) {
      fail("shape", where + ": expected a map");
      return;
    }
    for (const auto& item : node) {
      const std::string key = item.first.as<std::string>("");
      if (key != "marker" && key != "reason") {
        fail("unknown-key", fmt::format("{}: unknown key '{}'", where, key));
        return;
      }
    }
    CodeMarker marker{node["marker"].as<std::string>(""), node["reason"].as<std::string>("")};
    if (marker.marker.size() < 3) {
      fail("missing-field", where + ": a marker needs at least 3 characters");
      return;
    }
    if (marker.why.empty()) {
      fail("missing-reason",
           fmt::format("{} ({}): every marker needs a reason", where, marker.marker));
      return;
    }
    if (!markers_seen_.insert(marker.marker).second) {
      fail("duplicate", fmt::format("{}: marker '{}' is listed twice", where, marker.marker));
      return;
    }
    tables_.code_markers.push_back(std::move(marker));
  }

  std::string file_;
  PolicyTables tables_;
  std::set<std::string> markers_seen_;
  std::set<std::pair<std::string, std::string>> seen_;
  std::set<std::pair<std::string, std::string>> loaders_seen_;
};

}  // namespace

PolicyTables parse_policy(std::string_view file_name, std::string_view yaml) {
  return PolicyParser(file_name).parse(yaml);
}

const PolicyTables& policy_tables() {
  static const PolicyTables tables = [] {
    static constexpr std::string_view kText =
#include "owl/pickle_policy_data.inc"
        ;
    return parse_policy("data/pickle/policy.yaml", kText);
  }();
  return tables;
}

}  // namespace owl::pickle
