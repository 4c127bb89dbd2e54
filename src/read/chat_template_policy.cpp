// Loads data/templates/policy.yaml (compiled in by owl_embed_text). An
// invalid entry is dropped with an Error the ChatTemplatePolicy test sees;
// a dropped entry only makes owl flag less, so the test keeps the file valid.
#include "read/chat_template_policy.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "owl/text.h"

namespace owl::chat_template {

namespace {

class PolicyParser {
 public:
  explicit PolicyParser(std::string_view file_name) : file_(file_name) {}

  Policy parse(std::string_view yaml) {
    try {
      const YAML::Node root = YAML::Load(std::string(yaml));
      if (!root.IsMap()) {
        fail("shape", "expected a map of names, statements, instruction_phrases");
        return std::move(policy_);
      }
      for (const auto& item : root) {
        const auto key = item.first.as<std::string>("");
        if (key != "names" && key != "statements" && key != "instruction_phrases" &&
            key != "prose_min_words")
          fail("unknown-key", "top-level key " + key);
      }
      policy_.prose_min_words = root["prose_min_words"].as<size_t>(0);
      if (policy_.prose_min_words < 3) fail("prose-min-words", "expected a count of at least 3");
      read_names(root["names"], "names", policy_.names);
      read_names(root["statements"], "statements", policy_.statements);
      size_t index = 0;
      for (const auto& node : root["instruction_phrases"]) read_phrase(node, index++);
    } catch (const YAML::Exception& e) {
      fail("yaml", e.what());
    }
    if (policy_.names.empty() || policy_.phrases.empty())
      fail("empty", "the policy needs names and instruction phrases");
    return std::move(policy_);
  }

 private:
  void fail(const std::string& rule, const std::string& detail) {
    policy_.errors.push_back(
        Error::corrupt(file_, std::nullopt, "template-policy." + rule, detail));
  }

  bool only_keys(const YAML::Node& node, const std::string& where,
                 const std::set<std::string>& keys) {
    if (!node.IsMap()) {
      fail("shape", where + ": expected a map");
      return false;
    }
    for (const auto& item : node) {
      const auto key = item.first.as<std::string>("");
      if (!keys.count(key)) {
        fail("unknown-key", fmt::format("{}: unknown key '{}'", where, key));
        return false;
      }
    }
    return true;
  }

  void read_names(const YAML::Node& list, std::string_view section,
                  std::map<std::string, NameRule, std::less<>>& into) {
    size_t index = 0;
    for (const auto& node : list) {
      const std::string where = fmt::format("{}[{}]", section, index++);
      if (!only_keys(node, where, {"name", "verdict", "reason"})) continue;
      const auto name = node["name"].as<std::string>("");
      const auto verdict = node["verdict"].as<std::string>("");
      NameRule rule{Safety::kSuspicious, node["reason"].as<std::string>("")};
      if (name.empty() || rule.why.empty()) {
        fail("missing-field", where + ": every entry needs a name and a reason");
        continue;
      }
      if (verdict == "dangerous")
        rule.verdict = Safety::kDangerous;
      else if (verdict != "suspicious") {
        fail("unknown-verdict", fmt::format("{} ({}): verdict '{}' is not suspicious or dangerous",
                                            where, name, verdict));
        continue;
      }
      if (!into.emplace(name, std::move(rule)).second)
        fail("duplicate", fmt::format("{}: {} is listed twice", where, name));
    }
  }

  void read_phrase(const YAML::Node& node, size_t index) {
    const std::string where = fmt::format("instruction_phrases[{}]", index);
    if (!only_keys(node, where, {"phrase", "reason"})) return;
    InstructionPhrase phrase{node["phrase"].as<std::string>(""),
                             node["reason"].as<std::string>("")};
    if (phrase.phrase.size() < 3 || phrase.why.empty()) {
      fail("missing-field", where + ": every phrase needs 3 or more characters and a reason");
      return;
    }
    if (ascii_lower(phrase.phrase) != phrase.phrase) {
      fail("not-lower-case", fmt::format("{}: '{}' must be lower case", where, phrase.phrase));
      return;
    }
    if (!phrases_seen_.insert(phrase.phrase).second) {
      fail("duplicate", fmt::format("{}: '{}' is listed twice", where, phrase.phrase));
      return;
    }
    policy_.phrases.push_back(std::move(phrase));
  }

  std::string file_;
  Policy policy_;
  std::set<std::string> phrases_seen_;
};

}  // namespace

Policy parse_policy(std::string_view file_name, std::string_view yaml) {
  return PolicyParser(file_name).parse(yaml);
}

const Policy& builtin_policy() {
  static const Policy policy = [] {
    static constexpr std::string_view kText =
#include "owl/template_policy_data.inc"
        ;
    return parse_policy("data/templates/policy.yaml", kText);
  }();
  return policy;
}

}  // namespace owl::chat_template
