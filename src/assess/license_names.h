// Internal to assess: turning what people write for a licence ("apache-2.0",
// "Apache 2.0", "Llama 2 Community License", "gemma", "llama3.1") into an id
// owl has facts for, and finding the sentences of a card's body that state
// its licence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "owl/lineage.h"

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

// The licences the card's licence statements (find_license_statements:
// "License: gemma", "released under the Apache 2.0 license", "## License\n\n
// MIT") name: each statement's first candidate words that name a licence
// owl knows, once per licence.
std::vector<ProseLicense> extract_prose_licenses(const std::vector<LicenseStatement>& statements);

}  // namespace owl::detail
