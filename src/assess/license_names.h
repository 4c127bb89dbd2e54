// Internal to assess: turning what people write for a licence ("apache-2.0",
// "Apache 2.0", "Llama 2 Community License", "gemma", "llama3.1") into an id
// owl has facts for, and finding the sentences of a card's body that state
// its licence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "owl/card_text.h"

namespace owl::detail {

// Empty when owl cannot tell which licence the words name.
std::string license_id_for(std::string_view written);

// True for "[More Information Needed]", "unknown", "other", "TBD", "N/A" and
// the like: a template field left unfilled.
bool is_placeholder(std::string_view written);

struct ProseLicense {
  std::string written;   // the words naming the licence
  std::string id;        // resolved, never empty
  std::string sentence;  // the line that says it
  int line = 0;
};

// "License: gemma", "This model is released under the Apache 2.0 license",
// "## License\n\nMIT", from the card's one parse (never inside code). Only
// statements about this model's licence, not "the base model's license" or
// the licence of a dataset.
std::vector<ProseLicense> extract_prose_licenses(const CardText& card);

}  // namespace owl::detail
