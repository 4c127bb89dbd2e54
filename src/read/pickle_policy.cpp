#include "read/pickle_policy.h"

#include <fmt/format.h>

namespace owl::pickle {

namespace {

bool module_in_tree(std::string_view module, std::string_view root) {
  return module == root ||
         (module.size() > root.size() && module.starts_with(root) && module[root.size()] == '.');
}

bool matches(const GlobalRule& rule, std::string_view module, std::string_view name) {
  if (rule.name == "*") return module_in_tree(module, rule.module);
  return module == rule.module && name == rule.name;
}

const GlobalRule* find_rule(const std::vector<GlobalRule>& rules, std::string_view module,
                            std::string_view name) {
  for (const GlobalRule& rule : rules) {
    if (matches(rule, module, name)) return &rule;
  }
  return nullptr;
}

// The first dotted part of `name` spelled like __x__, or empty.
std::string_view dunder_part(std::string_view name) {
  while (!name.empty()) {
    const size_t dot = name.find('.');
    const std::string_view part = name.substr(0, dot);
    if (part.size() > 4 && part.starts_with("__") && part.ends_with("__")) return part;
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return {};
}

std::string_view last_part(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

Verdict base_verdict(std::string_view module, std::string_view name) {
  const PolicyTables& tables = policy_tables();
  if (const GlobalRule* rule = find_rule(tables.allowed, module, name)) {
    return {Safety::kSafe, std::string(rule->why), false};
  }
  if (module.empty() || name.empty()) {
    return {Safety::kSuspicious, "empty module or name: the import cannot be resolved", false};
  }
  if (const std::string_view dunder = dunder_part(name); !dunder.empty()) {
    return {
        Safety::kDangerous,
        fmt::format("walks through the dunder attribute {} to reach interpreter internals", dunder),
        false};
  }
  if (const GlobalRule* rule = find_rule(tables.dangerous, module, name)) {
    return {Safety::kDangerous, std::string(rule->why), false};
  }
  const std::string_view leaf = last_part(name);
  for (const GlobalRule& rule : tables.exec_names) {
    if (rule.name == leaf) {
      return {Safety::kDangerous, fmt::format("{} ({} is an exec/spawn primitive)", rule.why, leaf),
              false};
    }
  }
  if (const GlobalRule* rule = find_rule(tables.watched, module, name)) {
    return {Safety::kSuspicious, std::string(rule->why), false};
  }
  return {Safety::kSuspicious, "not on the allowlist", false};
}

}  // namespace

std::string_view python3_module(std::string_view module) {
  // The subset of _compat_pickle.IMPORT_MAPPING that matters for policy.
  struct Rename {
    std::string_view from, to;
  };
  static constexpr Rename kRenames[] = {
      {"__builtin__", "builtins"}, {"copy_reg", "copyreg"},       {"cPickle", "pickle"},
      {"httplib", "http.client"},  {"urllib2", "urllib.request"}, {"thread", "_thread"},
      {"Queue", "queue"},          {"_winreg", "winreg"},         {"exceptions", "builtins"},
  };
  for (const Rename& rename : kRenames) {
    if (module == rename.from) return rename.to;
  }
  return module;
}

Verdict classify_global(std::string_view module, std::string_view name) {
  const std::string_view modern = python3_module(module);
  Verdict verdict = base_verdict(modern, name);
  const PolicyTables& tables = policy_tables();
  if (const GlobalRule* loader = find_rule(tables.nested_loaders, modern, name)) {
    verdict.nested_loader = true;
    if (verdict.safety == Safety::kSuspicious) {
      // Not dangerous by itself: the verdict follows the payload it loads.
      verdict.safety = Safety::kSafe;
      verdict.reason = std::string(loader->why);
    }
  }
  return verdict;
}

}  // namespace owl::pickle
