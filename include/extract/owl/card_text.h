// A model card's body, parsed once as Markdown (CommonMark with GitHub's
// tables, by md4c from Debian), as the lines every later reader of prose
// walks: each line with what the parse says it is (prose, heading, table
// row, code, raw HTML, markup). Readers of prose (lineage sentences, licence
// sentences, openness components) take their structure from here rather
// than each guessing it again from backticks, bars and hashes, so all of
// them see one card: a fenced sample, an indented code block or a setext
// heading is the same thing to each.
// Extract-stage code: works on text the read stage gathered. Thread-safe:
// pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace owl {

enum class CardLineKind {
  kBlank,     // nothing but white space
  kMarkup,    // no text of its own: a code fence, a table's delimiter row, a rule
  kProse,     // a paragraph, list item or quote
  kHeading,   // an ATX or setext heading's text
  kTableRow,  // a row of a GitHub table
  kCode,      // inside a fenced or indented code block
  kHtml,      // a raw HTML block (HTML inside a paragraph stays prose)
};
const char* to_string(CardLineKind kind);

struct CardLine {
  int number = 0;  // 1-based, in the card file
  CardLineKind kind = CardLineKind::kBlank;
  int heading_level = 0;  // 1-6 for a heading
  std::string text;       // the line as written, without its line break
};

struct CardText {
  std::vector<CardLine> lines;  // every line of the body, in order
};

// `body_line` is the line number of the body's first line in its file.
CardText read_card_text(std::string_view body, int body_line = 1);

}  // namespace owl
