// The word lists behind the chat template checks, loaded from
// data/templates/policy.yaml (compiled in; see that file for what each list
// means). Internal to the read stage.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"
#include "owl/safety.h"

namespace owl::chat_template {

struct NameRule {
  Safety verdict = Safety::kSuspicious;
  std::string why;
};

struct InstructionPhrase {
  std::string phrase;  // lower case
  std::string why;
};

struct Policy {
  std::map<std::string, NameRule, std::less<>> names;
  std::map<std::string, NameRule, std::less<>> statements;
  std::vector<InstructionPhrase> phrases;
  size_t prose_min_words = 8;
  std::vector<Error> errors;  // validation problems; empty for the built-in policy
};

// Parses and validates a policy file: an unknown key or verdict, a duplicate
// name or phrase, a missing reason, a phrase not in lower case is an Error
// (rule "template-policy.<what>") naming the entry; the entry is left out.
Policy parse_policy(std::string_view file_name, std::string_view yaml);

// data/templates/policy.yaml as compiled in, parsed once.
const Policy& builtin_policy();

}  // namespace owl::chat_template
