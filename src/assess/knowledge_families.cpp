// Family rules: which licence a model family publishes under, so a base model
// owl did not scan still has terms (docs/knowledge-base.md, "families").
#include "knowledge_families.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "owl/text.h"

namespace owl {

namespace {

const std::set<std::string> kRuleFields = {"family", "version", "name_contains", "license",
                                           "note",   "source",  "ambiguous_name"};

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
  if (const YAML::Node ambiguous = node["ambiguous_name"]) {
    if (!ambiguous.IsScalar() || (ambiguous.Scalar() != "true" && ambiguous.Scalar() != "false")) {
      errors.push_back(rule_error(file, i, "ambiguous_name must be true or false"));
      return false;
    }
    rule.ambiguous_name = ambiguous.Scalar() == "true";
    if (rule.ambiguous_name && !rule.version.empty()) {
      errors.push_back(rule_error(file, i, "ambiguous_name is for a rule without a version"));
      return false;
    }
  }
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

// "1.3" before "1.5", "2" before "3", "3" before "3n": numeric parts
// compared in order; a part that does not start with a digit sorts last.
bool version_before(std::string_view a, std::string_view b) {
  const auto parts = [](std::string_view v) {
    std::vector<double> out;
    size_t pos = 0;
    while (pos <= v.size()) {
      const size_t end = std::min(v.find('.', pos), v.size());
      const std::string part(v.substr(pos, end - pos));
      out.push_back(!part.empty() && std::isdigit(static_cast<unsigned char>(part[0]))
                        ? std::strtod(part.c_str(), nullptr)
                        : 1e9);
      pos = end + 1;
    }
    return out;
  };
  const auto x = parts(a), y = parts(b);
  for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    const double p = i < x.size() ? x[i] : 0, q = i < y.size() ? y[i] : 0;
    if (p != q) return p < q;
  }
  return false;
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

void parse_family_licensors(const std::string& file, const YAML::Node& list,
                            std::vector<FamilyLicensor>& out, std::vector<Error>& errors) {
  const auto fail = [&](size_t i, const std::string& detail) {
    errors.push_back(Error::corrupt(file, std::nullopt, "knowledge.family-licensor",
                                    fmt::format("licensors[{}]: {}", i, detail)));
  };
  if (!list.IsSequence()) {
    fail(0, "'licensors' must be a list");
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node node = list[i];
    if (!node.IsMap()) {
      fail(i, "expected a map");
      continue;
    }
    FamilyLicensor licensor;
    bool ok = true;
    for (const auto& item : node) {
      const std::string key = item.first.as<std::string>();
      if (key != "family" && key != "orgs" && key != "source") {
        fail(i, fmt::format("field '{}' is not in the schema", key));
        ok = false;
      }
    }
    licensor.family = scalar(node, "family");
    licensor.source = scalar(node, "source");
    licensor.file = file;
    if (node["orgs"] && node["orgs"].IsSequence())
      for (const auto& org : node["orgs"])
        if (org.IsScalar()) licensor.orgs.push_back(org.as<std::string>());
    if (licensor.family.empty() || licensor.orgs.empty() || licensor.source.empty()) {
      fail(i, "needs a family, orgs and a source");
      ok = false;
    }
    if (ok) out.push_back(std::move(licensor));
  }
}

std::vector<Error> check_family_rules(const KnowledgeBase& base) {
  std::vector<Error> errors;
  for (size_t i = 0; i < base.licensors().size(); ++i) {
    const auto& licensor = base.licensors()[i];
    const bool known =
        std::any_of(base.families().begin(), base.families().end(),
                    [&](const FamilyLicense& rule) { return rule.family == licensor.family; });
    if (!known)
      errors.push_back(Error::corrupt(
          licensor.file, std::nullopt, "knowledge.family-licensor",
          fmt::format("licensors[{}]: family '{}' has no licence rule", i, licensor.family)));
  }
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
  // A version the rules do not list ("Llama 3.5", "Gemma 4") is a release
  // owl knows nothing of: the family's default rule speaks for the releases
  // before its first versioned one, never for a later or unknown one.
  if (best && best->version.empty() && !version.empty()) {
    for (const auto& rule : families_)
      if (rule.family == family && !rule.version.empty() && !version_before(version, rule.version))
        return nullptr;
  }
  return best;
}

bool KnowledgeBase::licenses_family(std::string_view org, std::string_view family) const {
  const std::string lower = ascii_lower(org);
  for (const auto& licensor : licensors_)
    if (licensor.family == family)
      for (const auto& name : licensor.orgs)
        if (ascii_lower(name) == lower) return true;
  return false;
}

bool KnowledgeBase::family_has_versions(std::string_view family) const {
  return std::any_of(families_.begin(), families_.end(), [&](const FamilyLicense& rule) {
    return rule.family == family && !rule.version.empty();
  });
}

}  // namespace owl
