// One Markdown parse of a card body: md4c reports blocks and the text inside
// them; every text it reports points into the body, so its offset gives the
// lines it sits on, and each line takes the kind of the block around it.
#include "owl/card_text.h"

#include <md4c.h>

#include <algorithm>

namespace owl {

const char* to_string(CardLineKind kind) {
  switch (kind) {
    case CardLineKind::kBlank: return "blank";
    case CardLineKind::kMarkup: return "markup";
    case CardLineKind::kProse: return "prose";
    case CardLineKind::kHeading: return "heading";
    case CardLineKind::kTableRow: return "table-row";
    case CardLineKind::kCode: return "code";
    case CardLineKind::kHtml: return "html";
  }
  return "unknown";
}

namespace {

struct ParseState {
  std::string_view body;
  std::vector<size_t> line_starts;  // offset of each line's first byte
  std::vector<CardLine>* lines = nullptr;
  int code = 0;  // depth of each enclosing block kind
  int html = 0;
  int table_row = 0;
  int heading_level = 0;
};

// Which kind wins when one line holds text of two blocks (a heading cannot
// share a line with a paragraph, but a table row may follow HTML, say).
int precedence(CardLineKind kind) {
  switch (kind) {
    case CardLineKind::kCode: return 6;
    case CardLineKind::kHtml: return 5;
    case CardLineKind::kTableRow: return 4;
    case CardLineKind::kHeading: return 3;
    case CardLineKind::kProse: return 2;
    case CardLineKind::kMarkup: return 1;
    case CardLineKind::kBlank: return 0;
  }
  return 0;
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  auto& state = *static_cast<ParseState*>(user);
  if (type == MD_BLOCK_CODE) ++state.code;
  if (type == MD_BLOCK_HTML) ++state.html;
  if (type == MD_BLOCK_TR) ++state.table_row;
  if (type == MD_BLOCK_H)
    state.heading_level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* user) {
  auto& state = *static_cast<ParseState*>(user);
  if (type == MD_BLOCK_CODE) --state.code;
  if (type == MD_BLOCK_HTML) --state.html;
  if (type == MD_BLOCK_TR) --state.table_row;
  if (type == MD_BLOCK_H) state.heading_level = 0;
  return 0;
}

int no_span(MD_SPANTYPE, void*, void*) { return 0; }

int on_text(MD_TEXTTYPE, const MD_CHAR* text, MD_SIZE size, void* user) {
  auto& state = *static_cast<ParseState*>(user);
  // Line breaks and NUL replacements are md4c's own strings, not the body's.
  const char* begin = state.body.data();
  if (text < begin || text >= begin + state.body.size() || size == 0) return 0;
  const auto offset = static_cast<size_t>(text - begin);
  const CardLineKind kind = state.code            ? CardLineKind::kCode
                            : state.html          ? CardLineKind::kHtml
                            : state.table_row     ? CardLineKind::kTableRow
                            : state.heading_level ? CardLineKind::kHeading
                                                  : CardLineKind::kProse;
  auto line = std::upper_bound(state.line_starts.begin(), state.line_starts.end(), offset);
  for (size_t index = static_cast<size_t>(line - state.line_starts.begin()) - 1;
       index < state.line_starts.size() && state.line_starts[index] < offset + size; ++index) {
    CardLine& card_line = (*state.lines)[index];
    if (precedence(kind) <= precedence(card_line.kind)) continue;
    card_line.kind = kind;
    card_line.heading_level = kind == CardLineKind::kHeading ? state.heading_level : 0;
  }
  return 0;
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

CardText read_card_text(std::string_view body, int body_line) {
  CardText card;
  ParseState state;
  state.body = body;
  state.lines = &card.lines;
  for (size_t start = 0; start < body.size();) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view text = body.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    state.line_starts.push_back(start);
    CardLine line;
    line.number = body_line + static_cast<int>(card.lines.size());
    line.kind = blank(text) ? CardLineKind::kBlank : CardLineKind::kMarkup;
    line.text = std::string(text);
    card.lines.push_back(std::move(line));
    start = end + 1;
  }
  MD_PARSER parser{};
  parser.flags = MD_DIALECT_GITHUB;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = no_span;
  parser.leave_span = no_span;
  parser.text = on_text;
  if (!body.empty()) md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &state);
  return card;
}

}  // namespace owl
