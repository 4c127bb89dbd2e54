// Loads and applies the import policies (data/keras/policy.yaml,
// data/nemo/policy.yaml). An invalid entry is dropped and reported (the
// ImportPolicy tests fail on any error in a builtin file); a dropped safe
// entry only makes owl stricter.
#include "read/import_policy.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <utility>

#include "read/pickle_policy.h"

namespace owl::imports {

namespace {

bool module_in_tree(std::string_view module, std::string_view root) {
  return module == root ||
         (module.size() > root.size() && module.starts_with(root) && module[root.size()] == '.');
}

class PolicyParser {
 public:
  PolicyParser(std::string_view file_name, std::string_view rule_prefix)
      : file_(file_name), prefix_(rule_prefix) {}

  ImportPolicy parse(std::string_view yaml) {
    try {
      const YAML::Node root = YAML::Load(std::string(yaml));
      if (!root.IsMap()) {
        fail("shape", "expected a map with `classes` and `modules`");
        return std::move(policy_);
      }
      for (const auto& item : root) {
        const std::string key = item.first.as<std::string>("");
        if (key != "classes" && key != "modules") fail("unknown-key", "top-level key " + key);
      }
      size_t index = 0;
      if (root["classes"])
        for (const auto& node : root["classes"]) read_class(node, index++);
      index = 0;
      for (const auto& node : root["modules"]) read_module(node, index++);
    } catch (const YAML::Exception& e) {
      fail("yaml", e.what());
    }
    if (policy_.modules.empty()) fail("rules", "the policy needs module entries");
    return std::move(policy_);
  }

 private:
  void fail(const std::string& rule, const std::string& detail) {
    policy_.errors.push_back(Error::corrupt(file_, std::nullopt, prefix_ + "." + rule, detail));
  }

  // The entry's fields as strings, or nullopt (with an error) when a field
  // is missing or empty, a key unknown, or the verdict not a verdict.
  std::optional<std::pair<Safety, std::string>> read_common(const YAML::Node& node,
                                                            const std::string& where,
                                                            const std::set<std::string>& keys) {
    if (!node.IsMap()) {
      fail("shape", where + ": expected a map");
      return std::nullopt;
    }
    for (const auto& item : node) {
      const std::string key = item.first.as<std::string>("");
      if (keys.count(key) == 0) {
        fail("unknown-key", where + ": key " + key);
        return std::nullopt;
      }
    }
    for (const std::string& key : keys) {
      if (node[key].as<std::string>("").empty()) {
        fail("missing-field", where + ": " + key + " is missing or empty");
        return std::nullopt;
      }
    }
    const auto verdict = pickle::verdict_named(node["verdict"].as<std::string>(""));
    if (!verdict) {
      fail("verdict", where + ": verdict must be safe, suspicious or dangerous");
      return std::nullopt;
    }
    return std::make_pair(*verdict, node["reason"].as<std::string>());
  }

  void read_class(const YAML::Node& node, size_t index) {
    const std::string where = fmt::format("classes[{}]", index);
    const auto common = read_common(node, where, {"class_name", "verdict", "reason"});
    if (!common) return;
    ClassRule rule{node["class_name"].as<std::string>(), common->first, common->second};
    if (!seen_classes_.insert(rule.class_name).second) {
      fail("duplicate", where + ": class " + rule.class_name + " is listed twice");
      return;
    }
    policy_.classes.push_back(std::move(rule));
  }

  void read_module(const YAML::Node& node, size_t index) {
    const std::string where = fmt::format("modules[{}]", index);
    const auto common = read_common(node, where, {"module", "class_name", "verdict", "reason"});
    if (!common) return;
    ModuleRule rule{node["module"].as<std::string>(), node["class_name"].as<std::string>(),
                    common->first, common->second};
    if (!seen_modules_.insert(rule.module + " " + rule.class_name).second) {
      fail("duplicate", where + ": " + rule.module + " " + rule.class_name + " is listed twice");
      return;
    }
    policy_.modules.push_back(std::move(rule));
  }

  std::string file_;
  std::string prefix_;
  ImportPolicy policy_;
  std::set<std::string> seen_classes_;
  std::set<std::string> seen_modules_;
};

}  // namespace

ImportPolicy parse_import_policy(std::string_view file_name, std::string_view yaml,
                                 std::string_view rule_prefix) {
  return PolicyParser(file_name, rule_prefix).parse(yaml);
}

const ImportPolicy& keras_policy() {
  static const ImportPolicy policy = parse_import_policy("data/keras/policy.yaml",
#include "owl/keras_policy_data.inc"
                                                         , "keras-policy");
  return policy;
}

const ImportPolicy& nemo_policy() {
  static const ImportPolicy policy = parse_import_policy("data/nemo/policy.yaml",
#include "owl/nemo_policy_data.inc"
                                                         , "nemo-policy");
  return policy;
}

const ClassRule* class_rule(const ImportPolicy& policy, std::string_view class_name) {
  for (const ClassRule& rule : policy.classes)
    if (rule.class_name == class_name) return &rule;
  return nullptr;
}

Judgement judge_module(const ImportPolicy& policy, std::string_view module,
                       std::string_view class_name) {
  const ModuleRule* tree = nullptr;
  for (const ModuleRule& rule : policy.modules) {
    if (rule.class_name != "*") {
      if (rule.module == module && rule.class_name == class_name) return {rule.verdict, rule.why};
      continue;
    }
    if (module_in_tree(module, rule.module) &&
        (tree == nullptr || rule.module.size() > tree->module.size()))
      tree = &rule;
  }
  if (tree != nullptr) return {tree->verdict, tree->why};
  return {Safety::kSuspicious,
          "not on the allowlist: the loader imports it from a module owl cannot see"};
}

}  // namespace owl::imports
