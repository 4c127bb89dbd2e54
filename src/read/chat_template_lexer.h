// A bounded Jinja lexer for chat templates: enough of Jinja's grammar to
// tell literal text from blocks and, inside `{{ }}` and `{% %}`, names,
// strings, numbers and operators, each with its line. It never builds an
// AST and never evaluates: the checks only need to know which names and
// strings a template uses, and where. Internal to the read stage.
//
// Jinja's own rules it follows: a block opens with `{{`, `{%` or `{#`,
// optionally followed by `-` or `+`; it closes at `}}`, `%}` or `#}` outside
// strings and outside brackets (so `{{ {'a': 1} }}` is one block); text
// between `{% raw %}` and `{% endraw %}` is literal text. A template that
// Jinja would refuse (an unclosed block or string) is lexed to its end all
// the same: owl reports what it contains rather than trusting the loader to
// refuse it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace owl::chat_template {

enum class TokenKind { kName, kString, kNumber, kOperator };

struct Token {
  TokenKind kind = TokenKind::kOperator;
  std::string_view text;  // a string's contents without its quotes, escapes as written
  uint32_t line = 1;
};

enum class BlockKind { kText, kOutput, kStatement, kComment };

struct Block {
  BlockKind kind = BlockKind::kText;
  std::string_view body;      // the text, or what is between the delimiters
  uint32_t line = 1;          // where the block starts
  std::vector<Token> tokens;  // for output and statement blocks
};

// `text` must outlive the result (tokens point into it).
std::vector<Block> lex_template(std::string_view text);

}  // namespace owl::chat_template
