// What owl knows about model names and the words cards use for lineage
// (data/lexicon/model-names.yaml, compiled in): family keys in the order
// they are tried, the versions a family has published, lineage phrases with
// the relation each states and the sentences they do not count in, words
// names are made of, marks of quantised copies, tool names, licence and
// release-date cues, and what card lines mention of the release's parts.
// Knowledge lives in that file, never in code. Thread-safe: immutable after
// load.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "owl/card_mentions.h"
#include "owl/error.h"
#include "owl/release.h"

namespace owl {

struct NameLexicon {
  struct FamilyKey {
    std::string key;     // as in a normalised name: lower case, "-" for "_" and " "
    std::string family;  // the family it names
  };
  struct LineagePhrase {
    std::string phrase;  // lower case; matched case-insensitively
    BaseRelation relation = BaseRelation::kBasedOn;
  };

  // A sentence whose subject is the base (see the data file).
  struct LineageSubjects {
    struct Verb {
      std::string verb;  // lower case
      BaseRelation relation = BaseRelation::kFinetune;
      bool repo_only = false;  // counts only after a Hub repo id
    };
    std::vector<std::string> cues;       // "this is a "
    std::vector<std::string> fillers;    // "fine-tuned ", skipped before the name
    std::vector<std::string> joiners;    // "model", skipped after it
    std::vector<Verb> verbs;             // "fine-tuned"
    std::vector<std::string> not_after;  // "from scratch"
  };
  // Sentences a lineage phrase does not count in (see the data file).
  struct LineageExclusions {
    struct Reach {
      std::string word;
      size_t reach = 0;  // characters past the phrase's end, plus the name's
    };
    std::vector<std::string> part_or_tool_words;
    std::vector<std::string> other_release_words;
    std::vector<std::string> document_words;
    std::vector<std::string> news_words;
    std::vector<std::string> citation_words;
    std::vector<Reach> design_words;
    std::vector<std::string> some_models_marks;
  };
  // Words on a card line that mark one of the release's parts.
  struct CardMentionWords {
    CardMentionKind mention = CardMentionKind::kPaper;
    bool headings_only = false;
    std::vector<std::string> words;
  };

  // Globs that say what a release's file is.
  struct ReleaseFileGlobs {
    ReleaseFileKind kind = ReleaseFileKind::kModelArchitecture;
    std::vector<std::string> names;  // over the lower-cased file name
    std::vector<std::string> paths;  // over the lower-cased path in the release
  };

  std::vector<FamilyKey> families;  // tried in order: the first found wins
  std::map<std::string, std::vector<std::string>> published_versions;  // family -> versions
  std::vector<LineagePhrase> lineage_phrases;
  LineageSubjects lineage_subjects;
  std::vector<std::string> quantised_name_markers;
  std::vector<std::string> tool_names;
  std::vector<std::string> license_cues;                 // "released under", "license:"
  std::vector<std::string> license_other_subjects;       // "base model", "dataset"
  std::vector<std::string> license_other_subject_words;  // "code", as a whole word
  std::vector<std::string> license_name_filler_words;    // "license", "version"
  std::vector<std::string> license_name_marks;           // "licen": "yi-license"
  std::vector<std::string> license_placeholders;         // "tbd", as the whole name
  std::vector<std::string> license_placeholder_phrases;  // "more-information-needed"
  LineageExclusions lineage_exclusions;
  std::vector<std::string> name_fillers;        // "the ", "[optional]"
  std::vector<std::string> name_variant_words;  // "schnell": part of "Flux Schnell"
  std::vector<std::string> name_placeholders;   // "more information"
  std::vector<std::string> generic_name_words;  // "instruct", "gguf": any model's
  std::vector<std::string> release_date_cues;
  std::vector<std::string> release_date_not_cues;
  std::vector<std::string> release_date_fillers;
  std::vector<CardMentionWords> card_mentions;
  std::vector<std::string> training_code_words;  // a code link with one links training code
  std::vector<ReleaseFileGlobs> release_files;
  // What did not validate (each entry is left out); a test asserts none for
  // the embedded file.
  std::vector<Error> errors;

  // The embedded lexicon, validated on first use.
  static const NameLexicon& builtin();
  // Parses one lexicon file (for tests and organisations' own lexicons).
  static NameLexicon parse(std::string_view file_name, std::string_view yaml);

  // Whether some key names `family`.
  bool names_family(std::string_view family) const;
};

// "TheBloke/Llama-2-7B-GGUF": the name carries a quantiser's mark.
bool is_quantised_name(std::string_view name);
// "llama.cpp", "LLaMA-Factory": a tool named after a family, not a model.
bool is_tool_name(std::string_view name);

}  // namespace owl
