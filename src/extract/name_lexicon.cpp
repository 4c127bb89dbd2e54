// Loads and validates data/lexicon/model-names.yaml. Every entry that breaks
// a rule is left out and named in `errors` with a rule id, so a bad edit
// shows in a test instead of quietly changing what owl recognises.
#include "owl/name_lexicon.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "owl/text.h"

namespace owl {

namespace {

bool lower_case(std::string_view text) { return !text.empty() && ascii_lower(text) == text; }

std::vector<std::string> strings_of(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node && node.IsSequence())
    for (const auto& item : node) out.push_back(item.as<std::string>(""));
  return out;
}

std::optional<BaseRelation> relation_named(std::string_view name) {
  for (auto relation :
       {BaseRelation::kFinetune, BaseRelation::kAdapter, BaseRelation::kQuantized,
        BaseRelation::kMerge, BaseRelation::kContinuedPretraining, BaseRelation::kBasedOn})
    if (name == to_string(relation)) return relation;
  return std::nullopt;
}

void read_families(const YAML::Node& root, NameLexicon& lexicon,
                   const std::function<void(const std::string&, const std::string&)>& fail) {
  std::set<std::string> keys;
  for (const auto& node : root["families"]) {
    NameLexicon::FamilyKey entry{node["key"].as<std::string>(""),
                                 node["family"].as<std::string>("")};
    if (!lower_case(entry.key) || !lower_case(entry.family)) {
      fail("family", fmt::format("key '{}' and family '{}' must be non-empty lower case", entry.key,
                                 entry.family));
      continue;
    }
    if (!keys.insert(entry.key).second) {
      fail("duplicate-key", fmt::format("key '{}' is listed twice", entry.key));
      continue;
    }
    // The first key found wins, so one listed after a key it contains
    // could be shadowed by it ("llama" before "codellama" would be wrong
    // were "llama" found at a word start inside it).
    for (const auto& earlier : lexicon.families)
      if (entry.key.find(earlier.key) != std::string::npos && earlier.family != entry.family)
        fail("key-order", fmt::format("key '{}' contains the earlier key '{}' of another family; "
                                      "list it first",
                                      entry.key, earlier.key));
    lexicon.families.push_back(std::move(entry));
  }
  if (lexicon.families.empty()) fail("families", "no family keys");
}

}  // namespace

NameLexicon NameLexicon::parse(std::string_view file_name, std::string_view yaml) {
  NameLexicon lexicon;
  const std::string file(file_name);
  const auto fail = [&](const std::string& rule, const std::string& detail) {
    lexicon.errors.push_back(Error::corrupt(file, std::nullopt, "names." + rule, detail));
  };
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    fail("yaml", e.what());
    return lexicon;
  }
  try {
    read_families(root, lexicon, fail);
    for (const auto& entry : root["published_versions"]) {
      const auto family = entry.first.as<std::string>("");
      if (!lexicon.names_family(family))
        fail("versions", fmt::format("versions of '{}', which no key names", family));
      else
        lexicon.published_versions[family] = strings_of(entry.second);
    }
    for (const auto& node : root["lineage_phrases"]) {
      const auto phrase = node["phrase"].as<std::string>("");
      const auto relation = relation_named(node["relation"].as<std::string>(""));
      if (!lower_case(phrase) || !relation)
        fail("lineage-phrase",
             fmt::format("phrase '{}' needs lower case words and a relation owl knows", phrase));
      else
        lexicon.lineage_phrases.push_back({phrase, *relation});
    }
    lexicon.quantised_name_markers = strings_of(root["quantised_name_markers"]);
    lexicon.tool_names = strings_of(root["tool_names"]);
    lexicon.license_cues = strings_of(root["license_cues"]);
    lexicon.license_other_subjects = strings_of(root["license_other_subjects"]);
    lexicon.license_other_subject_words = strings_of(root["license_other_subject_words"]);
    if (lexicon.license_cues.empty()) fail("license-cues", "no licence cues");
    for (const auto* list :
         {&lexicon.quantised_name_markers, &lexicon.tool_names, &lexicon.license_cues,
          &lexicon.license_other_subjects, &lexicon.license_other_subject_words})
      for (const auto& word : *list)
        if (!lower_case(word)) fail("word", fmt::format("'{}' must be non-empty lower case", word));
  } catch (const YAML::Exception& e) {
    fail("shape", e.what());
  }
  return lexicon;
}

const NameLexicon& NameLexicon::builtin() {
  static const NameLexicon lexicon = [] {
    static constexpr std::string_view kText =
#include "owl/name_lexicon_data.inc"
        ;
    return parse("data/lexicon/model-names.yaml", kText);
  }();
  return lexicon;
}

bool NameLexicon::names_family(std::string_view family) const {
  return std::any_of(families.begin(), families.end(),
                     [&](const FamilyKey& key) { return key.family == family; });
}

bool is_quantised_name(std::string_view name) {
  const std::string lower = ascii_lower(name);
  const auto& markers = NameLexicon::builtin().quantised_name_markers;
  return std::any_of(markers.begin(), markers.end(), [&](const std::string& marker) {
    return lower.find(marker) != std::string::npos;
  });
}

bool is_tool_name(std::string_view name) {
  const std::string lower = ascii_lower(name);
  const auto& tools = NameLexicon::builtin().tool_names;
  return std::any_of(tools.begin(), tools.end(),
                     [&](const std::string& tool) { return lower.rfind(tool, 0) == 0; });
}

}  // namespace owl
