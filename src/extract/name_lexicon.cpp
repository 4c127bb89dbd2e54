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
  for (auto relation : {BaseRelation::kDerived, BaseRelation::kFinetune, BaseRelation::kAdapter,
                        BaseRelation::kQuantized, BaseRelation::kMerge,
                        BaseRelation::kContinuedPretraining, BaseRelation::kBasedOn})
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

std::optional<CardMentionKind> mention_named(std::string_view name) {
  for (auto kind : {CardMentionKind::kPaper, CardMentionKind::kEvaluationSection,
                    CardMentionKind::kTrainingDataSection, CardMentionKind::kCodeLink,
                    CardMentionKind::kTrainingCodeLink, CardMentionKind::kIntermediateCheckpoints})
    if (name == to_string(kind)) return kind;
  return std::nullopt;
}

std::optional<ReleaseFileKind> file_kind_named(std::string_view name) {
  for (auto kind : {ReleaseFileKind::kModelArchitecture, ReleaseFileKind::kTrainingCode,
                    ReleaseFileKind::kInferenceCode, ReleaseFileKind::kDatasets,
                    ReleaseFileKind::kTechnicalReport, ReleaseFileKind::kEvaluationResults,
                    ReleaseFileKind::kIntermediateCheckpoints})
    if (name == to_string(kind)) return kind;
  return std::nullopt;
}

using Fail = std::function<void(const std::string&, const std::string&)>;

// The plain word lists: the key in the file and the member it fills.
using WordList = std::vector<std::string> NameLexicon::*;
constexpr std::pair<const char*, WordList> kWordLists[] = {
    {"quantised_name_markers", &NameLexicon::quantised_name_markers},
    {"tool_names", &NameLexicon::tool_names},
    {"license_cues", &NameLexicon::license_cues},
    {"license_other_subjects", &NameLexicon::license_other_subjects},
    {"license_other_subject_words", &NameLexicon::license_other_subject_words},
    {"license_name_filler_words", &NameLexicon::license_name_filler_words},
    {"license_name_marks", &NameLexicon::license_name_marks},
    {"license_placeholders", &NameLexicon::license_placeholders},
    {"license_placeholder_phrases", &NameLexicon::license_placeholder_phrases},
    {"name_fillers", &NameLexicon::name_fillers},
    {"name_variant_words", &NameLexicon::name_variant_words},
    {"name_placeholders", &NameLexicon::name_placeholders},
    {"generic_name_words", &NameLexicon::generic_name_words},
    {"release_date_cues", &NameLexicon::release_date_cues},
    {"release_date_not_cues", &NameLexicon::release_date_not_cues},
    {"release_date_fillers", &NameLexicon::release_date_fillers},
    {"training_code_words", &NameLexicon::training_code_words},
};
using ExclusionList = std::vector<std::string> NameLexicon::LineageExclusions::*;
constexpr std::pair<const char*, ExclusionList> kExclusionLists[] = {
    {"part_or_tool_words", &NameLexicon::LineageExclusions::part_or_tool_words},
    {"other_release_words", &NameLexicon::LineageExclusions::other_release_words},
    {"document_words", &NameLexicon::LineageExclusions::document_words},
    {"news_words", &NameLexicon::LineageExclusions::news_words},
    {"citation_words", &NameLexicon::LineageExclusions::citation_words},
    {"some_models_marks", &NameLexicon::LineageExclusions::some_models_marks},
};

void read_design_words(const YAML::Node& node, NameLexicon::LineageExclusions& out,
                       const Fail& fail) {
  for (const auto& item : node["design_words"]) {
    NameLexicon::LineageExclusions::Reach entry{item["word"].as<std::string>(""),
                                                item["reach"].as<size_t>(0)};
    if (!lower_case(entry.word) || entry.reach == 0 || entry.reach > 200)
      fail("design-word",
           fmt::format("'{}' needs lower case words and a reach of 1 to 200", entry.word));
    else
      out.design_words.push_back(std::move(entry));
  }
}

void read_lineage_subjects(const YAML::Node& node, NameLexicon::LineageSubjects& out,
                           const Fail& fail) {
  out.cues = strings_of(node["cues"]);
  out.fillers = strings_of(node["fillers"]);
  out.joiners = strings_of(node["joiners"]);
  out.not_after = strings_of(node["not_after"]);
  for (const auto* list : {&out.cues, &out.fillers, &out.joiners, &out.not_after})
    for (const auto& word : *list)
      if (!lower_case(word) || word.empty())
        fail("lineage-subject", fmt::format("'{}' needs lower case words", word));
  for (const auto& item : node["verbs"]) {
    NameLexicon::LineageSubjects::Verb verb{item["verb"].as<std::string>(""),
                                            BaseRelation::kFinetune,
                                            item["repo_only"].as<bool>(false)};
    const auto relation = relation_named(item["relation"].as<std::string>(""));
    if (!lower_case(verb.verb) || verb.verb.empty() || !relation) {
      fail("lineage-subject",
           fmt::format("verb '{}' needs lower case words and a relation owl knows", verb.verb));
      continue;
    }
    verb.relation = *relation;
    out.verbs.push_back(std::move(verb));
  }
  if (out.cues.empty() || out.verbs.empty())
    fail("lineage-subject", "lineage_subjects needs cues and verbs");
}

void read_card_mentions(const YAML::Node& root, NameLexicon& lexicon, const Fail& fail) {
  for (const auto& node : root["card_mentions"]) {
    const auto name = node["mention"].as<std::string>("");
    const auto on = node["on"].as<std::string>("");
    const auto kind = mention_named(name);
    NameLexicon::CardMentionWords entry{kind.value_or(CardMentionKind::kPaper), on == "heading",
                                        strings_of(node["words"])};
    // A training-code link is a code link with a training word, not a list.
    if (!kind || *kind == CardMentionKind::kTrainingCodeLink ||
        (on != "heading" && on != "any-line") || entry.words.empty())
      fail("card-mention",
           fmt::format("mention '{}' needs a kind owl knows, on: heading or any-line, and words",
                       name));
    else
      lexicon.card_mentions.push_back(std::move(entry));
  }
}

void read_release_files(const YAML::Node& root, NameLexicon& lexicon, const Fail& fail) {
  for (const auto& node : root["release_files"]) {
    const auto name = node["kind"].as<std::string>("");
    const auto kind = file_kind_named(name);
    NameLexicon::ReleaseFileGlobs entry{kind.value_or(ReleaseFileKind::kModelArchitecture),
                                        strings_of(node["names"]), strings_of(node["paths"])};
    if (!kind || (entry.names.empty() && entry.paths.empty()))
      fail("release-file", fmt::format("'{}' needs a kind owl knows and names or paths", name));
    else
      lexicon.release_files.push_back(std::move(entry));
  }
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
    read_lineage_subjects(root["lineage_subjects"], lexicon.lineage_subjects, fail);
    for (const auto& [key, list] : kWordLists) lexicon.*list = strings_of(root[key]);
    if (lexicon.license_cues.empty()) fail("license-cues", "no licence cues");
    if (lexicon.release_date_cues.empty()) fail("release-date-cues", "no release-date cues");
    const YAML::Node exclusions = root["lineage_exclusions"];
    for (const auto& [key, list] : kExclusionLists)
      lexicon.lineage_exclusions.*list = strings_of(exclusions[key]);
    read_design_words(exclusions, lexicon.lineage_exclusions, fail);
    read_card_mentions(root, lexicon, fail);
    read_release_files(root, lexicon, fail);
    const auto check_words = [&](const std::vector<std::string>& words) {
      for (const auto& word : words)
        if (!lower_case(word)) fail("word", fmt::format("'{}' must be non-empty lower case", word));
    };
    for (const auto& [key, list] : kWordLists) check_words(lexicon.*list);
    for (const auto& [key, list] : kExclusionLists) check_words(lexicon.lineage_exclusions.*list);
    for (const auto& mention : lexicon.card_mentions) check_words(mention.words);
    for (const auto& globs : lexicon.release_files) {
      check_words(globs.names);
      check_words(globs.paths);
    }
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
