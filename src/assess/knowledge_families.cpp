// Family rules: which licence a model family publishes under, so a base model
// owl did not scan still has terms (docs/knowledge-base.md, "families").
#include "knowledge_families.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "owl/text.h"

namespace owl {

namespace {

const std::set<std::string> kRuleFields = {"family",  "version", "name_contains",
                                           "license", "note",    "source"};

Error rule_error(const std::string& file, size_t i, const std::string& detail) {
  return Error::corrupt(file, std::nullopt, "knowledge.family-rule",
                        fmt::format("families[{}]: {}", i, detail));
}

std::string scalar(const YAML::Node& map, const char* key) {
  const YAML::Node node = map[key];
  return node && node.IsScalar() ? node.as<std::string>() : std::string();
}

bool parse_rule(const std::string& file, size_t i, const YAML::Node& node, FamilyLicense& rule,
                std::vector<Error>& errors) {
  if (!node.IsMap()) {
    errors.push_back(rule_error(file, i, "expected a map"));
    return false;
  }
  for (const auto& item : node)
    if (!kRuleFields.count(item.first.as<std::string>())) {
      errors.push_back(rule_error(
          file, i, fmt::format("field '{}' is not in the schema", item.first.as<std::string>())));
      return false;
    }
  rule.family = scalar(node, "family");
  rule.version = scalar(node, "version");
  rule.license = scalar(node, "license");
  rule.note = scalar(node, "note");
  rule.source = scalar(node, "source");
  rule.file = file;
  const YAML::Node words = node["name_contains"];
  if (words && words.IsSequence())
    for (const auto& word : words)
      rule.name_contains.push_back(ascii_lower(word.as<std::string>()));
  else if (words)
    rule.name_contains.push_back(ascii_lower(words.as<std::string>()));
  if (rule.family.empty() || rule.license.empty() || rule.source.empty()) {
    errors.push_back(rule_error(file, i, "needs family, license and source"));
    return false;
  }
  return true;
}

// The length of the longest word of the rule found in the name (0: none),
// so "sdxl-vae" beats "xl" for "madebyollin/sdxl-vae-fp16-fix".
size_t name_match(const FamilyLicense& rule, const std::string& lower_name) {
  size_t longest = 0;
  for (const auto& word : rule.name_contains)
    if (lower_name.find(word) != std::string::npos) longest = std::max(longest, word.size());
  return longest;
}

}  // namespace

void parse_family_rules(const std::string& file, const YAML::Node& list,
                        std::vector<FamilyLicense>& out, std::vector<Error>& errors) {
  if (!list.IsSequence()) {
    errors.push_back(rule_error(file, 0, "'families' must be a list"));
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    FamilyLicense rule;
    try {
      if (parse_rule(file, i, list[i], rule, errors)) out.push_back(std::move(rule));
    } catch (const YAML::Exception& e) {
      errors.push_back(rule_error(file, i, e.what()));
    }
  }
}

std::vector<Error> check_family_rules(const KnowledgeBase& base) {
  std::vector<Error> errors;
  for (size_t i = 0; i < base.families().size(); ++i) {
    const auto& rule = base.families()[i];
    if (!base.find(rule.license))
      errors.push_back(rule_error(rule.file, i,
                                  fmt::format("family '{}' names licence '{}', which has no entry",
                                              rule.family, rule.license)));
  }
  return errors;
}

const FamilyLicense* KnowledgeBase::family_license(std::string_view family,
                                                   std::string_view version,
                                                   std::string_view model_name) const {
  const std::string name = ascii_lower(model_name);
  const FamilyLicense* best = nullptr;
  size_t best_score = 0;
  for (const auto& rule : families_) {
    if (rule.family != family) continue;
    if (!rule.version.empty() && rule.version != version) continue;
    const bool has_words = !rule.name_contains.empty();
    const size_t matched = has_words ? name_match(rule, name) : 0;
    if (has_words && matched == 0) continue;
    // version, then name words (longer first), then the family default
    const size_t score = 1 + (rule.version.empty() ? 0 : 1000) + (has_words ? 100 + matched : 0);
    if (score > best_score) {
      best = &rule;
      best_score = score;
    }
  }
  return best;
}

bool KnowledgeBase::family_has_versions(std::string_view family) const {
  return std::any_of(families_.begin(), families_.end(), [&](const FamilyLicense& rule) {
    return rule.family == family && !rule.version.empty();
  });
}

}  // namespace owl
