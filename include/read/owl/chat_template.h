// Chat template checks: a chat template (GGUF `tokenizer.chat_template`, a
// Hugging Face `chat_template`) is Jinja the loader renders on every
// conversation, so it is code that ships with the weights. owl never renders
// it: a bounded lexer splits the text into literal text, `{{ }}`, `{% %}`
// and `{# #}` blocks and the names, strings and operators inside them, and
// the checks judge those tokens against data/templates/policy.yaml.
//
// Dangerous: what only a server-side template injection needs (a dunder
// attribute, Python's object graph, os/eval/open, Jinja's helper objects,
// a name computed for attr(), a dunder spelled in pieces or escapes, loading
// other template files). Suspicious: hidden instructions (an instruction
// phrase, fixed prose appended to a user's message or added to every
// conversation). Each finding carries the template line it was found on.
//
// Thread-safe: pure functions over immutable input (the policy is parsed
// once, on first use).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"
#include "owl/safety.h"

namespace owl {

struct TemplateFinding {
  Safety safety = Safety::kSuspicious;
  std::string rule;    // "template.dunder", "template.name", "template.injected-text", ...
  std::string reason;  // why, in words
  uint32_t line = 0;   // 1-based line of the template
  std::string quote;   // that line, trimmed and cut to kTemplateQuoteBytes (raw: printers escape)
};

// How much of a line a finding quotes, and how many findings one template
// keeps (the rest are counted).
inline constexpr size_t kTemplateQuoteBytes = 120;
inline constexpr size_t kTemplateFindingsKept = 16;
// Templates are short (real ones are under 20 KiB); past this many bytes
// the rest is not checked, and saying so is itself a finding.
inline constexpr size_t kTemplateMaxBytes = 1 << 20;

struct TemplateScan {
  Safety safety = Safety::kSafe;  // the worst finding's
  std::vector<TemplateFinding> findings;
  uint64_t findings_not_recorded = 0;
};

TemplateScan scan_chat_template(std::string_view text);

// "dangerous: <reason> (<source> line N: <quote>)" — the form artifact
// findings take. `source` names the file and key ("model.gguf key
// tokenizer.chat_template").
std::string describe(const TemplateFinding& finding, std::string_view source);

// The built-in policy's load errors (empty when data/templates/policy.yaml is
// valid); for the test that keeps the data file honest.
std::vector<Error> chat_template_policy_errors();

}  // namespace owl
