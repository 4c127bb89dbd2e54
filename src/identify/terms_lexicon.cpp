// Loading and validating the term lexicon (data/lexicon/license-terms.yaml).
// Every problem is an Error naming the file, the rule and the field, so a
// typo in the data fails the test that loads the builtin lexicon.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "owl/license_terms.h"

namespace owl {

namespace {

const std::set<std::string> kSignals = {"commercial-forbidden",
                                        "commercial-research-or-personal-only",
                                        "commercial-registration",
                                        "commercial-authorisation",
                                        "commercial-allowed",
                                        "threshold-needs-licence",
                                        "threshold-duty",
                                        "territory-exclusion",
                                        "outputs-no-training",
                                        "outputs-no-commercial",
                                        "duty-display",
                                        "duty-name-prefix",
                                        "duty-notice-file",
                                        "duty-pass-on-terms",
                                        "duty-attribution",
                                        "duty-copy-of-terms",
                                        "grant",
                                        "written-consent",
                                        "use-restrictions",
                                        "revocable",
                                        "remote-restriction",
                                        "governing-law",
                                        "licensor"};

std::optional<ThresholdMetric> metric_named(std::string_view name) {
  for (auto metric : {ThresholdMetric::kMonthlyActiveUsers, ThresholdMetric::kDailyActiveUsers,
                      ThresholdMetric::kMonthlyVisits, ThresholdMetric::kDevices,
                      ThresholdMetric::kAnnualRevenue, ThresholdMetric::kMonthlyRevenue})
    if (name == to_string(metric)) return metric;
  return std::nullopt;
}

// "commercial … register" -> {"commercial", "register"}; parts keep their
// inner spaces, so "laws of " still needs the word after it.
std::vector<std::string> split_phrase(const std::string& phrase) {
  static const std::string kGap = " … ";
  std::vector<std::string> parts;
  size_t pos = 0;
  for (size_t at; (at = phrase.find(kGap, pos)) != std::string::npos; pos = at + kGap.size())
    parts.push_back(phrase.substr(pos, at - pos));
  parts.push_back(phrase.substr(pos));
  return parts;
}

std::vector<std::string> strings_of(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node && node.IsSequence())
    for (const auto& item : node) out.push_back(item.as<std::string>());
  return out;
}

bool lower_case(const std::string& text) {
  for (char c : text)
    if (c >= 'A' && c <= 'Z') return false;
  return true;
}

}  // namespace

TermLexicon::TermLexicon()
    : rules_(std::make_unique<std::vector<Rule>>()),
      regions_(std::make_unique<std::vector<Region>>()),
      metrics_(std::make_unique<std::vector<Metric>>()) {}
TermLexicon::TermLexicon(const TermLexicon& other)
    : rules_(std::make_unique<std::vector<Rule>>(*other.rules_)),
      regions_(std::make_unique<std::vector<Region>>(*other.regions_)),
      metrics_(std::make_unique<std::vector<Metric>>(*other.metrics_)),
      errors_(other.errors_) {}
TermLexicon& TermLexicon::operator=(const TermLexicon& other) {
  if (this != &other) *this = TermLexicon(other);
  return *this;
}
TermLexicon::~TermLexicon() = default;

TermLexicon TermLexicon::parse(std::string_view file_name, std::string_view yaml) {
  TermLexicon lexicon;
  const std::string file(file_name);
  const auto fail = [&](const std::string& rule, const std::string& detail) {
    lexicon.errors_.push_back(Error::corrupt(file, std::nullopt, "lexicon." + rule, detail));
  };
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    fail("yaml", e.what());
    return lexicon;
  }
  try {
    for (const auto& node : root["rules"]) {
      Rule rule;
      rule.signal = node["signal"].as<std::string>("");
      if (!kSignals.count(rule.signal)) {
        fail("signal", fmt::format("unknown signal '{}'", rule.signal));
        continue;
      }
      for (const auto& phrase : strings_of(node["phrases"])) {
        if (phrase.empty() || !lower_case(phrase))
          fail("phrase",
               fmt::format("{}: phrase '{}' must be non-empty lower case", rule.signal, phrase));
        else
          rule.phrases.push_back(split_phrase(phrase));
      }
      for (const auto& phrase : strings_of(node["unless"])) rule.unless.push_back(phrase);
      rule.examples = strings_of(node["examples"]);
      if (rule.phrases.empty()) fail("phrases", rule.signal + ": no phrases");
      if (rule.examples.empty())
        fail("examples", rule.signal + ": every rule needs an example sentence that it reads");
      lexicon.rules_->push_back(std::move(rule));
    }
    for (const auto& node : root["regions"]) {
      Region region{node["code"].as<std::string>(""), strings_of(node["names"])};
      if (region.code.empty() || region.names.empty())
        fail("region", "a region needs a code and names");
      else
        lexicon.regions_->push_back(std::move(region));
    }
    for (const auto& node : root["metrics"]) {
      const auto metric = metric_named(node["metric"].as<std::string>(""));
      if (!metric) {
        fail("metric", fmt::format("unknown metric '{}'", node["metric"].as<std::string>("")));
        continue;
      }
      lexicon.metrics_->push_back({*metric, strings_of(node["phrases"])});
    }
  } catch (const YAML::Exception& e) {
    fail("shape", e.what());
  }
  if (lexicon.rules_->empty()) fail("rules", "the lexicon has no rules");
  return lexicon;
}

const TermLexicon& TermLexicon::builtin() {
  static const TermLexicon lexicon = [] {
    static constexpr std::string_view kText =
#include "owl/lexicon_data.inc"
        ;
    return parse("data/lexicon/license-terms.yaml", kText);
  }();
  return lexicon;
}

}  // namespace owl
