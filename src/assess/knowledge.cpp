// Parsing and validating the knowledge base YAML (docs/knowledge-base.md).
// Every problem becomes an Error naming the file, the entry and the field, so
// a typo in the data is caught by the test that loads the builtin set.
#include "owl/knowledge.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <set>

#include "knowledge_families.h"
#include "owl/profile.h"

namespace owl {

namespace {

constexpr std::array<std::string_view, 6> kTierNames = {"open-permissive",
                                                        "open-copyleft",
                                                        "open-with-use-restrictions",
                                                        "source-available-revocable",
                                                        "non-commercial",
                                                        "proprietary-or-unknown"};

const std::set<std::string> kEntryFields = {"id",
                                            "name",
                                            "family",
                                            "version",
                                            "kind",
                                            "aliases",
                                            "tier",
                                            "summary",
                                            "source",
                                            "verified",
                                            "commercial_use",
                                            "patent_grant",
                                            "copyleft",
                                            "use_restrictions",
                                            "attribution",
                                            "naming",
                                            "outputs",
                                            "redistribution",
                                            "revocation",
                                            "thresholds",
                                            "regions",
                                            "governing_law",
                                            "other",
                                            "derivatives"};
const std::set<std::string> kFactFields = {"text", "section", "bans_training"};
const std::set<std::string> kValuedFields = {"value", "detail", "section", "gate"};
const std::set<std::string> kSourceFields = {"url", "corpus"};
const std::set<std::string> kRestrictionFields = {"present", "policy", "flows_down", "detail",
                                                  "section"};
const std::set<std::string> kThresholdFields = {"metric",      "value",  "measured",
                                                "consequence", "effect", "section"};
const std::set<std::string> kDerivativeFields = {"display", "name_prefix", "notice_file",
                                                 "section"};
const std::set<std::string> kRegionFields = {"excluded", "scope", "section", "models"};
const std::set<std::string> kMetrics = {"monthly_active_users", "monthly_revenue_usd",
                                        "annual_revenue_usd"};

// Collects errors for one entry so each message names file, entry and field.
class EntryChecker {
 public:
  EntryChecker(const std::string& file, std::vector<Error>& errors)
      : file_(file), errors_(errors) {}

  void set_entry(std::string entry) { entry_ = std::move(entry); }
  bool ok() const { return failures_ == 0; }

  void fail(const std::string& rule, const std::string& field, const std::string& detail) {
    ++failures_;
    errors_.push_back(
        Error::corrupt(file_, std::nullopt, "knowledge." + rule,
                       fmt::format("entry '{}': field '{}': {}", entry_, field, detail)));
  }

  void only_fields(const YAML::Node& map, const std::set<std::string>& allowed,
                   const std::string& where) {
    for (const auto& item : map) {
      const auto key = item.first.as<std::string>();
      if (!allowed.count(key))
        fail("unknown-field", where.empty() ? key : where + "." + key,
             fmt::format("not in the schema (expected one of: {})", fmt::join(allowed, ", ")));
    }
  }

  std::string text(const YAML::Node& map, const std::string& key, const std::string& where,
                   bool required) {
    const YAML::Node node = map[key];
    const std::string field = where.empty() ? key : where + "." + key;
    if (!node) {
      if (required) fail("missing-field", field, "required, found nothing");
      return {};
    }
    if (!node.IsScalar()) {
      fail("wrong-type", field, "expected a text value, found a list or map");
      return {};
    }
    return node.as<std::string>();
  }

  bool flag(const YAML::Node& map, const std::string& key, const std::string& where,
            bool fallback) {
    const YAML::Node node = map[key];
    if (!node) return fallback;
    bool value = fallback;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
      fail("wrong-type", where + "." + key, "expected yes or no");
    return value;
  }

  void one_of(const std::string& value, const std::set<std::string>& allowed,
              const std::string& field) {
    if (!value.empty() && !allowed.count(value))
      fail("unknown-value", field,
           fmt::format("expected one of: {}; found '{}'", fmt::join(allowed, ", "), value));
  }

 private:
  const std::string& file_;
  std::vector<Error>& errors_;
  std::string entry_;
  int failures_ = 0;
};

bool is_map(EntryChecker& check, const YAML::Node& node, const std::string& field) {
  if (node.IsMap()) return true;
  check.fail("wrong-type", field, "expected a map");
  return false;
}

std::vector<Fact> fact_list(EntryChecker& check, const YAML::Node& entry, const std::string& key) {
  std::vector<Fact> out;
  const YAML::Node list = entry[key];
  if (!list) return out;
  if (!list.IsSequence()) {
    check.fail("wrong-type", key, "expected a list of {text, section}");
    return out;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("{}[{}]", key, i);
    if (!is_map(check, list[i], where)) continue;
    check.only_fields(list[i], kFactFields, where);
    Fact fact{check.text(list[i], "text", where, true),
              check.text(list[i], "section", where, true)};
    fact.bans_training = check.flag(list[i], "bans_training", where, false);
    if (fact.bans_training && key != "outputs")
      check.fail("unknown-field", where + ".bans_training", "only outputs facts ban training");
    out.push_back(std::move(fact));
  }
  return out;
}

ValuedFact valued(EntryChecker& check, const YAML::Node& entry, const std::string& key,
                  const std::set<std::string>& values, bool required) {
  ValuedFact out;
  const YAML::Node node = entry[key];
  if (!node) {
    if (required) check.fail("missing-field", key, "required, found nothing");
    return out;
  }
  if (!is_map(check, node, key)) return out;
  check.only_fields(node, kValuedFields, key);
  out.value = check.text(node, "value", key, true);
  out.detail = check.text(node, "detail", key, false);
  out.section = check.text(node, "section", key, true);
  if (!values.empty()) check.one_of(out.value, values, key + ".value");
  out.gate = check.text(node, "gate", key, false);
  if (!out.gate.empty()) {
    if (key != "commercial_use")
      check.fail("unknown-field", key + ".gate", "only commercial_use has a gate");
    check.one_of(out.gate, {"registration", "authorisation"}, key + ".gate");
  }
  return out;
}

UseRestrictions restrictions(EntryChecker& check, const YAML::Node& entry) {
  UseRestrictions out;
  const YAML::Node node = entry["use_restrictions"];
  if (!node || !is_map(check, node, "use_restrictions")) return out;
  check.only_fields(node, kRestrictionFields, "use_restrictions");
  out.present = check.flag(node, "present", "use_restrictions", false);
  out.policy = check.text(node, "policy", "use_restrictions", false);
  out.flows_down = check.flag(node, "flows_down", "use_restrictions", false);
  out.detail = check.text(node, "detail", "use_restrictions", false);
  out.section = check.text(node, "section", "use_restrictions", true);
  return out;
}

std::vector<Threshold> thresholds(EntryChecker& check, const YAML::Node& entry) {
  std::vector<Threshold> out;
  const YAML::Node list = entry["thresholds"];
  if (!list) return out;
  if (!list.IsSequence()) {
    check.fail("wrong-type", "thresholds", "expected a list");
    return out;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("thresholds[{}]", i);
    if (!is_map(check, list[i], where)) continue;
    check.only_fields(list[i], kThresholdFields, where);
    Threshold threshold;
    threshold.metric = check.text(list[i], "metric", where, true);
    check.one_of(threshold.metric, kMetrics, where + ".metric");
    const std::string value = check.text(list[i], "value", where, true);
    if (!value.empty() && !YAML::convert<double>::decode(list[i]["value"], threshold.value))
      check.fail("wrong-type", where + ".value", "expected a number, found '" + value + "'");
    threshold.measured = check.text(list[i], "measured", where, false);
    threshold.consequence = check.text(list[i], "consequence", where, true);
    const std::string effect = check.text(list[i], "effect", where, false);
    if (!effect.empty()) threshold.effect = effect;
    check.one_of(threshold.effect, {"needs-licence", "duty"}, where + ".effect");
    threshold.section = check.text(list[i], "section", where, true);
    out.push_back(std::move(threshold));
  }
  return out;
}

std::vector<RegionalCarveOut> regions(EntryChecker& check, const YAML::Node& entry) {
  std::vector<RegionalCarveOut> out;
  const YAML::Node list = entry["regions"];
  if (!list) return out;
  if (!list.IsSequence()) {
    check.fail("wrong-type", "regions", "expected a list");
    return out;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("regions[{}]", i);
    if (!is_map(check, list[i], where)) continue;
    check.only_fields(list[i], kRegionFields, where);
    RegionalCarveOut region;
    const YAML::Node excluded = list[i]["excluded"];
    if (!excluded || !excluded.IsSequence() || excluded.size() == 0)
      check.fail("missing-field", where + ".excluded", "expected a non-empty list of regions");
    else
      // Checked like a profile's regions, so a carve-out spelt "Europe" can
      // never miss the profiles it is meant to catch.
      for (const auto& name : excluded) {
        auto code = canonical_region(name.as<std::string>());
        if (code)
          region.excluded.push_back(std::move(*code));
        else
          check.fail("unknown-value", where + ".excluded", code.error().detail());
      }
    region.scope = check.text(list[i], "scope", where, true);
    region.section = check.text(list[i], "section", where, true);
    const std::string models = check.text(list[i], "models", where, false);
    if (!models.empty()) check.one_of(models, {"all", "multimodal"}, where + ".models");
    region.only_multimodal = models == "multimodal";
    out.push_back(std::move(region));
  }
  return out;
}

DerivativeDuties derivative_duties(EntryChecker& check, const YAML::Node& entry) {
  DerivativeDuties out;
  const YAML::Node node = entry["derivatives"];
  if (!node || !is_map(check, node, "derivatives")) return out;
  check.only_fields(node, kDerivativeFields, "derivatives");
  out.display = check.text(node, "display", "derivatives", false);
  out.name_prefix = check.text(node, "name_prefix", "derivatives", false);
  out.notice_file = check.flag(node, "notice_file", "derivatives", false);
  out.section = check.text(node, "section", "derivatives", true);
  return out;
}

std::vector<std::string> string_list(EntryChecker& check, const YAML::Node& entry,
                                     const std::string& key) {
  std::vector<std::string> out;
  const YAML::Node list = entry[key];
  if (!list) return out;
  if (!list.IsSequence()) {
    check.fail("wrong-type", key, "expected a list of ids");
    return out;
  }
  for (const auto& item : list) out.push_back(item.as<std::string>());
  return out;
}

bool parse_tier(std::string_view text, Tier& tier) {
  for (size_t i = 0; i < kTierNames.size(); ++i)
    if (kTierNames[i] == text) {
      tier = static_cast<Tier>(i);
      return true;
    }
  return false;
}

void parse_source(EntryChecker& check, const YAML::Node& entry, LicenseFacts& facts) {
  const YAML::Node node = entry["source"];
  if (!node) {
    check.fail("missing-source", "source", "every entry needs a source url or corpus path");
    return;
  }
  if (!is_map(check, node, "source")) return;
  check.only_fields(node, kSourceFields, "source");
  facts.source.url = check.text(node, "url", "source", false);
  facts.source.corpus = check.text(node, "corpus", "source", false);
  if (facts.source.url.empty() && facts.source.corpus.empty())
    check.fail("missing-source", "source", "needs a url or a corpus path, found neither");
}

LicenseFacts parse_entry(EntryChecker& check, const YAML::Node& entry, const std::string& file) {
  LicenseFacts facts;
  facts.file = file;
  check.only_fields(entry, kEntryFields, "");
  facts.id = check.text(entry, "id", "", true);
  facts.name = check.text(entry, "name", "", true);
  facts.family = check.text(entry, "family", "", true);
  facts.version = check.text(entry, "version", "", true);
  facts.kind = check.text(entry, "kind", "", false);
  if (facts.kind.empty()) facts.kind = "licence";
  check.one_of(facts.kind, {"licence", "policy"}, "kind");
  facts.aliases = string_list(check, entry, "aliases");
  const std::string tier = check.text(entry, "tier", "", true);
  if (!tier.empty() && !parse_tier(tier, facts.tier))
    check.fail("unknown-tier", "tier",
               fmt::format("expected one of: {}; found '{}'", fmt::join(kTierNames, ", "), tier));
  facts.summary = check.text(entry, "summary", "", true);
  parse_source(check, entry, facts);
  facts.verified = check.flag(entry, "verified", "", true);
  facts.commercial_use =
      valued(check, entry, "commercial_use", {"yes", "no", "conditional", "not-applicable"}, true);
  facts.patent_grant =
      valued(check, entry, "patent_grant",
             {"yes", "no", "with-termination", "not-stated", "not-applicable"}, false);
  facts.copyleft = valued(check, entry, "copyleft",
                          {"none", "weak", "strong", "network", "not-applicable"}, false);
  facts.use_restrictions = restrictions(check, entry);
  facts.attribution = fact_list(check, entry, "attribution");
  facts.naming = fact_list(check, entry, "naming");
  facts.outputs = fact_list(check, entry, "outputs");
  facts.redistribution = fact_list(check, entry, "redistribution");
  facts.revocation = fact_list(check, entry, "revocation");
  facts.other = fact_list(check, entry, "other");
  facts.thresholds = thresholds(check, entry);
  facts.regions = regions(check, entry);
  facts.governing_law = valued(check, entry, "governing_law", {}, false);
  facts.derivatives = derivative_duties(check, entry);
  return facts;
}

void parse_file(const std::string& file, const std::string& text, std::vector<LicenseFacts>& out,
                std::vector<FamilyLicense>& families, std::vector<FamilyLicensor>& licensors,
                std::vector<Error>& errors) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    errors.push_back(Error::corrupt(file, std::nullopt, "knowledge.yaml-syntax",
                                    fmt::format("line {}: {}", e.mark.line + 1, e.msg)));
    return;
  }
  if (root.IsMap() && (root["families"] || root["licensors"])) {
    if (root["families"]) parse_family_rules(file, root["families"], families, errors);
    if (root["licensors"]) parse_family_licensors(file, root["licensors"], licensors, errors);
    if (!root["entries"]) return;
  }
  const YAML::Node entries = root["entries"];
  if (!root.IsMap() || !entries || !entries.IsSequence()) {
    errors.push_back(
        Error::corrupt(file, std::nullopt, "knowledge.no-entries",
                       "expected a top-level map with an 'entries' or 'families' list"));
    return;
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    const YAML::Node entry = entries[i];
    const YAML::Node id = entry.IsMap() ? entry["id"] : YAML::Node();
    EntryChecker one(file, errors);
    one.set_entry(id && id.IsScalar() ? id.as<std::string>() : fmt::format("#{}", i + 1));
    if (!entry.IsMap()) {
      one.fail("wrong-type", "(entry)", "expected a map");
      continue;
    }
    try {
      LicenseFacts facts = parse_entry(one, entry, file);
      if (one.ok()) out.push_back(std::move(facts));
    } catch (const YAML::Exception& e) {
      one.fail("yaml-type", "(entry)", e.what());
    }
  }
}

}  // namespace

std::string_view to_string(Tier tier) { return kTierNames[static_cast<size_t>(tier)]; }

KnowledgeBase KnowledgeBase::parse(std::span<const std::pair<std::string, std::string>> files) {
  KnowledgeBase base;
  for (const auto& [file, text] : files)
    parse_file(file, text, base.entries_, base.families_, base.licensors_, base.errors_);
  std::set<std::string> seen;
  for (const auto& facts : base.entries_) {
    std::string key = facts.id;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (!seen.insert(key).second)
      base.errors_.push_back(
          Error::corrupt(facts.file, std::nullopt, "knowledge.duplicate-id",
                         fmt::format("entry '{}': field 'id': defined twice", facts.id)));
  }
  for (auto& error : check_family_rules(base)) base.errors_.push_back(std::move(error));
  return base;
}

}  // namespace owl
