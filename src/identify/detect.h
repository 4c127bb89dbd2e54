// Text-shape checks that need no index match: model cards, pointer files,
// licence names mentioned in prose, and the rights-changing kind of added text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "identify/index_impl.h"
#include "identify/tokenise.h"
#include "owl/identify.h"

namespace owl::identify {

// A Hugging Face model card: YAML front matter with card keys (license:,
// base_model:, tags:, ...), or at least two card section headings ("Model
// Details", "Intended Use", "Training Data", ...).
bool looks_like_model_card(std::string_view text);

// A short text ("Please refer to license: https://...") that points elsewhere.
// Returns the URL or file name it points at, or "" when there is none; `cue`
// says whether pointer wording ("refer to", "licensed under", ...) was seen.
struct PointerShape {
  bool cue = false;
  std::string target;
};
PointerShape pointer_shape(std::string_view text);

// A licence named in prose ("Licensed under the Apache License, Version 2.0").
struct Reference {
  uint32_t entry;
  size_t begin, end;  // byte range of the name in the text
};
// Names come from each entry's id, name and aliases, compared without filler
// words ("the", "version", "v", "a"). Only tokens in
// [first, last) are searched.
std::vector<Reference> find_references(const LicenseIndex::Impl& index,
                                       const std::vector<Token>& tokens, size_t first, size_t last);

// Classifies one span of added text (tokens [first, last) of the input).
// `after_end_of_terms`: the span follows "END OF TERMS AND CONDITIONS".
std::vector<Modification> classify_added(std::string_view text, const std::vector<Token>& tokens,
                                         size_t first, size_t last, bool after_end_of_terms);

// Token index just past the last "end of terms and conditions", or npos.
size_t end_of_terms_position(const std::vector<Token>& tokens);

}  // namespace owl::identify
