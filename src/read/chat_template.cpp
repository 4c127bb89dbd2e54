// Chat template checks over the lexer's tokens (chat_template_lexer.cpp),
// judged against data/templates/policy.yaml (chat_template_policy.cpp).
// See owl/chat_template.h for what is dangerous and what is suspicious.
#include "owl/chat_template.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "owl/text.h"
#include "read/chat_template_lexer.h"
#include "read/chat_template_policy.h"

namespace owl {

namespace {

using chat_template::Block;
using chat_template::BlockKind;
using chat_template::Token;
using chat_template::TokenKind;

bool is_dunder(std::string_view name) {
  return name.size() > 4 && name.starts_with("__") && name.ends_with("__");
}

// A word of the shape __x__ anywhere in a string ('__class__', '__ssalc__').
bool spells_dunder(std::string_view text) {
  for (size_t at = text.find("__"); at != std::string_view::npos; at = text.find("__", at + 1)) {
    size_t end = at + 2;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0)) ++end;
    if (end > at + 2 && text.substr(end).starts_with("__")) return true;
  }
  return false;
}

bool only_underscores(std::string_view text) {
  return text.size() >= 2 && text.find_first_not_of('_') == std::string_view::npos;
}

// \x5f, \u005f, \U0000005f, \137: an underscore written so a word filter
// does not see it.
bool escapes_underscore(std::string_view text) {
  const std::string lower = ascii_lower(text);
  for (std::string_view escape : {"\\x5f", "\\u005f", "\\u0000005f", "\\137"})
    if (lower.find(escape) != std::string::npos) return true;
  return false;
}

// The end of a special token starting at text[at] ("<|im_start|>", "<s>",
// "[INST]", "<|start_header_id|>": a bracketed run with no blank inside and
// at most three words in it), or npos. The word bound keeps a sentence
// written with underscores for spaces from passing as a token.
size_t special_token_end(std::string_view text, size_t at) {
  constexpr size_t kLongestToken = 64;
  constexpr size_t kMostWordsInAToken = 3;
  const char close = text[at] == '<' ? '>' : ']';
  size_t words = 0;
  bool in_word = false;
  for (size_t i = at + 1; i < text.size() && i - at <= kLongestToken; ++i) {
    const char c = text[i];
    if (c == close) return i > at + 1 ? i + 1 : std::string_view::npos;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\\') return std::string_view::npos;
    const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
    if (letter && !in_word && ++words > kMostWordsInAToken) return std::string_view::npos;
    in_word = letter;
  }
  return std::string_view::npos;
}

// The words a reader would read. Role formatting spells special tokens and
// escapes ("<|start_header_id|>system<|end_header_id|>\n\n"), whose pieces
// are not words: counted as letters, that line alone made nine.
size_t word_count(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<' || c == '[') {
      if (const size_t end = special_token_end(text, i); end != std::string_view::npos) {
        i = end - 1;
        in_word = false;
        continue;
      }
    }
    if (c == '\\' && i + 1 < text.size()) {  // \n, \t: an escape, not a word
      ++i;
      in_word = false;
      continue;
    }
    const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '\'';
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  return words;
}

// At most `limit` bytes of `text`, cut on a character boundary.
std::string cut_to(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

class Checker {
 public:
  Checker(std::string_view text, const chat_template::Policy& policy)
      : text_(text), policy_(policy) {}

  TemplateScan run() {
    std::string_view checked = text_;
    if (checked.size() > kTemplateMaxBytes) {
      checked = checked.substr(0, kTemplateMaxBytes);
      add({Safety::kSuspicious, "template.too-long",
           fmt::format("the template is {} bytes; only the first {} were checked", text_.size(),
                       kTemplateMaxBytes),
           1});
    }
    uses_format_ = false;
    const auto blocks = chat_template::lex_template(checked);
    for (const auto& block : blocks)
      for (const auto& token : block.tokens)
        if (token.kind == TokenKind::kName && token.text == "format") uses_format_ = true;
    int conditional_depth = 0;
    for (const auto& block : blocks) {
      switch (block.kind) {
        case BlockKind::kComment: break;
        case BlockKind::kText: check_text(block, conditional_depth); break;
        case BlockKind::kOutput: check_code(block, conditional_depth); break;
        case BlockKind::kStatement:
          check_code(block, conditional_depth);
          track_depth(block, conditional_depth);
          break;
      }
    }
    return std::move(scan_);
  }

 private:
  struct Raw {
    Safety safety;
    std::string rule;
    std::string reason;
    uint32_t line;
  };

  void add(Raw raw) {
    if (!seen_.emplace(raw.rule, raw.line, raw.reason).second) return;
    scan_.safety = std::max(scan_.safety, raw.safety);
    if (scan_.findings.size() >= kTemplateFindingsKept) {
      ++scan_.findings_not_recorded;
      return;
    }
    scan_.findings.push_back(
        {raw.safety, std::move(raw.rule), std::move(raw.reason), raw.line, quote(raw.line)});
  }

  // The template's line `line`, trimmed and cut on a character boundary.
  std::string quote(uint32_t line) const {
    size_t start = 0;
    for (uint32_t at = 1; at < line && start != std::string_view::npos; ++at) {
      start = text_.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start == std::string_view::npos) return "";
    const size_t end = std::min(text_.find('\n', start), text_.size());
    return cut_to(trim_blanks(text_.substr(start, end - start)), kTemplateQuoteBytes);
  }

  static void track_depth(const Block& block, int& depth) {
    if (block.tokens.empty() || block.tokens[0].kind != TokenKind::kName) return;
    const std::string_view word = block.tokens[0].text;
    if (word == "if" || word == "macro") ++depth;
    if ((word == "endif" || word == "endmacro") && depth > 0) --depth;
  }

  void check_phrases(std::string_view text, uint32_t line) {
    const std::string lower = ascii_lower(text);
    for (const auto& phrase : policy_.phrases)
      if (lower.find(phrase.phrase) != std::string::npos)
        add({Safety::kSuspicious, "template.instruction",
             fmt::format("the template's own text says \"{}\": {}", phrase.phrase, phrase.why),
             line + line_within(text, lower.find(phrase.phrase))});
  }

  static uint32_t line_within(std::string_view text, size_t offset) {
    return static_cast<uint32_t>(
        std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  }

  bool is_prose(std::string_view text) const { return word_count(text) >= policy_.prose_min_words; }

  void check_text(const Block& block, int depth) {
    check_phrases(block.body, block.line);
    if (depth == 0 && is_prose(block.body))
      add({Safety::kSuspicious, "template.fixed-text",
           "the template adds the same prose to every conversation, outside any condition: "
           "instructions the user does not see",
           block.line});
  }

  void check_name(const Block& block, size_t index) {
    const Token& token = block.tokens[index];
    const std::string_view name = token.text;
    if (is_dunder(name)) {
      add({Safety::kDangerous, "template.dunder",
           fmt::format("`{}` is a Python internal attribute: the way from a template to "
                       "Python's globals and os",
                       cut_to(name, 40)),
           token.line});
      return;
    }
    if (name.find("__") != std::string_view::npos) {
      add({Safety::kDangerous, "template.private-name",
           fmt::format("`{}` names a mangled private attribute of a Python object",
                       cut_to(name, 40)),
           token.line});
      return;
    }
    const bool statement_word = block.kind == BlockKind::kStatement && index == 0;
    const auto& table = statement_word ? policy_.statements : policy_.names;
    if (const auto rule = table.find(name); rule != table.end())
      add({rule->second.verdict, statement_word ? "template.statement" : "template.name",
           fmt::format("`{}`: {}", name, rule->second.why), token.line});
  }

  void check_string(const Block& block, size_t index) {
    const Token& token = block.tokens[index];
    const std::string_view text = token.text;
    const bool followed_by_star = index + 1 < block.tokens.size() &&
                                  block.tokens[index + 1].kind == TokenKind::kOperator &&
                                  block.tokens[index + 1].text == "*";
    if (spells_dunder(text))
      add({Safety::kDangerous, "template.dunder",
           fmt::format("the string '{}' spells a Python internal attribute", cut_to(text, 40)),
           token.line});
    else if (only_underscores(text) || (text == "_" && followed_by_star))
      add({Safety::kDangerous, "template.built-name",
           "a string of underscores: how a dunder name is assembled to slip past a word filter",
           token.line});
    if (escapes_underscore(text))
      add({Safety::kDangerous, "template.built-name",
           "an underscore written as an escape: how a dunder name is hidden from a word filter",
           token.line});
    if (uses_format_ && text.find("%c") != std::string_view::npos)
      add({Safety::kDangerous, "template.built-name",
           "format with %c builds characters from numbers: how a dunder name is spelled "
           "without writing it",
           token.line});
    check_phrases(text, token.line);
  }

  // `|attr(...)` must name its attribute with one plain string.
  void check_attr(const Block& block, size_t index) {
    const auto& tokens = block.tokens;
    if (index == 0 || tokens[index - 1].text != "|") return;
    const bool literal = index + 3 < tokens.size() && tokens[index + 1].text == "(" &&
                         tokens[index + 2].kind == TokenKind::kString &&
                         tokens[index + 3].text == ")";
    if (!literal)
      add({Safety::kDangerous, "template.computed-attr",
           "attr() with a name computed at render time: how a filtered attribute name is "
           "reached",
           tokens[index].line});
  }

  void check_code(const Block& block, int depth) {
    const auto& tokens = block.tokens;
    bool message_content = false, joins = false, raises = false;
    const Token* prose = nullptr;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const Token& token = tokens[i];
      if (token.kind == TokenKind::kName) {
        check_name(block, i);
        if (token.text == "attr") check_attr(block, i);
        if (token.text == "raise_exception") raises = true;
        if (token.text == "content" && i > 0 && tokens[i - 1].text == ".") message_content = true;
      } else if (token.kind == TokenKind::kString) {
        check_string(block, i);
        if (token.text == "content" && i > 0 && tokens[i - 1].text == "[") message_content = true;
        if (prose == nullptr && is_prose(token.text)) prose = &token;
      } else if (token.text == "+" || token.text == "~") {
        joins = true;
      }
    }
    if (prose == nullptr || raises) return;
    if (message_content && joins)
      add({Safety::kSuspicious, "template.appended-text",
           "the template joins fixed prose to a message's own content: instructions the user "
           "does not see",
           prose->line});
    else if (depth == 0 && block.kind == BlockKind::kOutput)
      add({Safety::kSuspicious, "template.fixed-text",
           "the template adds the same prose to every conversation, outside any condition: "
           "instructions the user does not see",
           prose->line});
  }

  std::string_view text_;
  const chat_template::Policy& policy_;
  bool uses_format_ = false;
  TemplateScan scan_;
  std::set<std::tuple<std::string, uint32_t, std::string>> seen_;
};

}  // namespace

TemplateScan scan_chat_template(std::string_view text) {
  return Checker(text, chat_template::builtin_policy()).run();
}

std::string describe(const TemplateFinding& finding, std::string_view source) {
  return fmt::format("{}: {} ({} line {}: {})", to_string(finding.safety), finding.reason, source,
                     finding.line, finding.quote);
}

std::vector<Error> chat_template_policy_errors() { return chat_template::builtin_policy().errors; }

}  // namespace owl
