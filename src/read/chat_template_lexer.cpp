// The chat template lexer: one pass over the text, linear in its length,
// every read checked against the end. See chat_template_lexer.h.
#include "read/chat_template_lexer.h"

#include <cctype>

namespace owl::chat_template {

namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Block> run() {
    while (pos_ < text_.size()) {
      const size_t open = next_open();
      if (open > pos_) push_text(open);
      if (open >= text_.size()) break;
      const char kind = text_[open + 1];
      advance_to(open + 2);
      if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) advance_to(pos_ + 1);
      if (kind == '#')
        lex_comment();
      else
        lex_code(kind == '{' ? BlockKind::kOutput : BlockKind::kStatement);
    }
    return std::move(blocks_);
  }

 private:
  // The next "{{", "{%" or "{#" at or after pos_, or the end.
  size_t next_open() const {
    for (size_t at = text_.find('{', pos_); at != std::string_view::npos;
         at = text_.find('{', at + 1)) {
      if (at + 1 < text_.size() &&
          (text_[at + 1] == '{' || text_[at + 1] == '%' || text_[at + 1] == '#'))
        return at;
    }
    return text_.size();
  }

  void advance_to(size_t to) {
    for (; pos_ < to && pos_ < text_.size(); ++pos_)
      if (text_[pos_] == '\n') ++line_;
  }

  void push_text(size_t end) {
    Block block{BlockKind::kText, text_.substr(pos_, end - pos_), line_, {}};
    advance_to(end);
    blocks_.push_back(std::move(block));
  }

  void lex_comment() {
    Block block{BlockKind::kComment, {}, line_, {}};
    const size_t close = text_.find("#}", pos_);
    const size_t end = close == std::string_view::npos ? text_.size() : close;
    block.body = text_.substr(pos_, end - pos_);
    advance_to(close == std::string_view::npos ? end : end + 2);
    blocks_.push_back(std::move(block));
  }

  // Whether a closing delimiter for `kind` starts at `at` (after an optional
  // whitespace-control sign); its length, or 0.
  size_t closing_at(size_t at, BlockKind kind) const {
    const char first = kind == BlockKind::kOutput ? '}' : '%';
    size_t skip = 0;
    if (at < text_.size() && (text_[at] == '-' || text_[at] == '+')) skip = 1;
    if (at + skip + 1 < text_.size() && text_[at + skip] == first && text_[at + skip + 1] == '}')
      return skip + 2;
    return 0;
  }

  void lex_code(BlockKind kind) {
    Block block{kind, {}, line_, {}};
    const size_t start = pos_;
    int depth = 0;  // brackets open inside the block
    size_t end = text_.size();
    size_t close_length = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (depth == 0) {
        if (const size_t length = closing_at(pos_, kind); length > 0) {
          end = pos_;
          close_length = length;
          break;
        }
      }
      if (std::isspace(static_cast<unsigned char>(c))) {
        advance_to(pos_ + 1);
      } else if (is_name_start(c)) {
        size_t after = pos_ + 1;
        while (after < text_.size() && is_name_char(text_[after])) ++after;
        push(block, TokenKind::kName, pos_, after);
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        size_t after = pos_ + 1;
        while (after < text_.size() && (is_name_char(text_[after]) || text_[after] == '.')) ++after;
        push(block, TokenKind::kNumber, pos_, after);
      } else if (c == '\'' || c == '"') {
        lex_string(block, c);
      } else {
        if (c == '(' || c == '[' || c == '{') ++depth;
        if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
        push(block, TokenKind::kOperator, pos_, pos_ + 1);
      }
    }
    block.body = text_.substr(start, end - start);
    advance_to(end + close_length);
    const bool raw = kind == BlockKind::kStatement && block.tokens.size() == 1 &&
                     block.tokens[0].kind == TokenKind::kName && block.tokens[0].text == "raw";
    blocks_.push_back(std::move(block));
    if (raw) lex_raw_body();
  }

  void push(Block& block, TokenKind kind, size_t from, size_t to) {
    block.tokens.push_back({kind, text_.substr(from, to - from), line_});
    advance_to(to);
  }

  // From the opening quote to the matching one; a backslash escapes the
  // next character. An unclosed string runs to the end of the text.
  void lex_string(Block& block, char quote) {
    const uint32_t line = line_;
    const size_t from = pos_ + 1;
    size_t at = from;
    while (at < text_.size() && text_[at] != quote) at += text_[at] == '\\' ? 2 : 1;
    const size_t to = at < text_.size() ? at : text_.size();
    block.tokens.push_back({TokenKind::kString, text_.substr(from, to - from), line});
    advance_to(to + 1);
  }

  // After {% raw %}: everything up to the {% endraw %} block is text.
  void lex_raw_body() {
    size_t search = pos_;
    while (true) {
      const size_t at = text_.find("endraw", search);
      if (at == std::string_view::npos) {
        push_text(text_.size());
        return;
      }
      size_t open = at;
      while (open > pos_ && (text_[open - 1] == ' ' || text_[open - 1] == '-' ||
                             text_[open - 1] == '+' || text_[open - 1] == '\t'))
        --open;
      if (open >= pos_ + 2 && text_[open - 2] == '{' && text_[open - 1] == '%') {
        if (open - 2 > pos_) push_text(open - 2);
        return;  // the endraw block itself is lexed by run()
      }
      search = at + 1;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  std::vector<Block> blocks_;
};

}  // namespace

std::vector<Block> lex_template(std::string_view text) { return Lexer(text).run(); }

}  // namespace owl::chat_template
