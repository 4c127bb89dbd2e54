// The words that tell a licence-like file which is not a licence text: a
// model card saved as LICENSE, a pointer to terms elsewhere. Loaded from
// data/lexicon/document-shapes.yaml (compiled in, validated on first use).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"

namespace owl::identify {

struct DocumentShapes {
  std::vector<std::string> card_front_matter_keys;  // "license" (matched as "license:")
  std::vector<std::string> card_section_headings;   // "model details"
  std::vector<std::string> pointer_cues;            // "refer to", "see "
  std::vector<std::string> pointer_file_names;      // "license", "use_policy"
  std::vector<Error> errors;                        // what did not validate

  // The embedded lists. A broken build still returns what validated;
  // errors lists the rest (a test asserts there are none).
  static const DocumentShapes& builtin();
  // Every list must be a non-empty sequence of distinct, non-empty,
  // lower-case strings; an unknown top-level key is an error too.
  static DocumentShapes parse(std::string_view file_name, std::string_view yaml);
};

}  // namespace owl::identify
