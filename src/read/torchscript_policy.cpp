// Loads data/torchscript/policy.yaml and reads the operator calls out of
// TorchScript source. The source is never compiled or run: owl only looks
// for dotted names followed by a call, which over-reports (a string that
// spells a call counts) rather than under-reports.
#include "read/torchscript_policy.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>

namespace owl::torchscript {

namespace {

// Operators recorded per source; a program calling more is still judged on
// the first ones, and the cap is far above real modules.
constexpr size_t kMaxOperators = 4096;

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

void fail(Policy& policy, const std::string& file, const std::string& rule,
          const std::string& detail) {
  policy.errors.push_back(Error::corrupt(file, std::nullopt, "torchscript-policy." + rule, detail));
}

bool only_keys(const YAML::Node& node, const std::set<std::string>& keys) {
  if (!node.IsMap()) return false;
  for (const auto& item : node)
    if (keys.count(item.first.as<std::string>("")) == 0) return false;
  for (const std::string& key : keys)
    if (node[key].as<std::string>("").empty()) return false;
  return true;
}

}  // namespace

Policy parse_policy(std::string_view file_name, std::string_view yaml) {
  const std::string file(file_name);
  Policy policy;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    for (const auto& item : root)
      if (const std::string key = item.first.as<std::string>("");
          key != "namespaces" && key != "operators")
        fail(policy, file, "unknown-key", "top-level key " + key);
    size_t index = 0;
    for (const auto& node : root["namespaces"]) {
      const std::string where = fmt::format("namespaces[{}]", index++);
      if (!only_keys(node, {"namespace", "reason"})) {
        fail(policy, file, "shape", where + ": expected {namespace, reason}");
        continue;
      }
      if (!policy.namespaces.insert(node["namespace"].as<std::string>()).second)
        fail(policy, file, "duplicate", where + ": listed twice");
    }
    index = 0;
    std::set<std::string> seen;
    for (const auto& node : root["operators"]) {
      const std::string where = fmt::format("operators[{}]", index++);
      if (!only_keys(node, {"operator", "verdict", "reason"})) {
        fail(policy, file, "shape", where + ": expected {operator, verdict, reason}");
        continue;
      }
      const std::string verdict = node["verdict"].as<std::string>();
      if (verdict != "suspicious" && verdict != "dangerous") {
        fail(policy, file, "verdict", where + ": verdict must be suspicious or dangerous");
        continue;
      }
      OperatorRule rule{node["operator"].as<std::string>(),
                        verdict == "dangerous" ? Safety::kDangerous : Safety::kSuspicious,
                        node["reason"].as<std::string>()};
      if (!seen.insert(rule.op).second) {
        fail(policy, file, "duplicate", where + ": " + rule.op + " is listed twice");
        continue;
      }
      policy.operators.push_back(std::move(rule));
    }
  } catch (const YAML::Exception& e) {
    fail(policy, file, "yaml", e.what());
  }
  if (policy.namespaces.empty() || policy.operators.empty())
    fail(policy, file, "rules", "the policy needs namespaces and operators");
  return policy;
}

const Policy& policy() {
  static const Policy builtin = parse_policy("data/torchscript/policy.yaml",
#include "owl/torchscript_policy_data.inc"
  );
  return builtin;
}

std::vector<std::string> called_operators(std::string_view source) {
  std::vector<std::string> found;
  std::set<std::string> seen;
  for (size_t at = 0; at < source.size() && found.size() < kMaxOperators; ++at) {
    const bool torch = source.compare(at, 6, "torch.") == 0;
    const bool ops = source.compare(at, 4, "ops.") == 0;
    if ((!torch && !ops) || (at > 0 && (identifier_char(source[at - 1]) || source[at - 1] == '.')))
      continue;
    size_t end = at;
    while (end < source.size() && (identifier_char(source[end]) || source[end] == '.')) ++end;
    if (end >= source.size() || source[end] != '(') {
      at = end;
      continue;
    }
    std::string name(source.substr(at, end - at));
    if (name.starts_with("torch.ops.")) name.erase(0, 6);  // torch.ops.NS.NAME is ops.NS.NAME
    if (seen.insert(name).second) found.push_back(std::move(name));
    at = end;
  }
  return found;
}

std::pair<Safety, std::string> judge_operator(std::string_view op) {
  for (const OperatorRule& rule : policy().operators)
    if (rule.op == op) return {rule.verdict, rule.why};
  if (!op.starts_with("ops.")) return {Safety::kSafe, ""};
  const std::string_view rest = op.substr(4);
  const std::string space(rest.substr(0, rest.find('.')));
  if (policy().namespaces.count(space) > 0) return {Safety::kSafe, ""};
  return {Safety::kSuspicious,
          fmt::format("a custom operator in namespace {}: native code a library registers, "
                      "which owl cannot see",
                      space)};
}

}  // namespace owl::torchscript
