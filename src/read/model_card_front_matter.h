// Splits a README.md into YAML front matter and Markdown body, the way the
// Hugging Face Hub does (huggingface_hub.repocard's REGEX_YAML_BLOCK): the
// text may open with whitespace, then a `---` line; the front matter runs to
// the next line that is exactly `---`. A missing closing line means there is
// no front matter at all. Also tolerated: a UTF-8 byte-order mark, CRLF line
// ends and trailing blanks after either `---`.
// Thread-safe: a pure function; the views point into the caller's text.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/model_card.h"

namespace owl {

struct CardSections {
  bool has_front_matter = false;
  bool unterminated = false;  // opened with `---` but never closed
  std::string_view yaml;      // between the delimiter lines
  int yaml_line = 0;          // 1-based README line of yaml's first line
  uint64_t yaml_offset = 0;   // byte offset of yaml in the text
  std::string_view body;      // everything after the closing `---` line
  int body_line = 1;          // 1-based README line where body starts
};

CardSections split_model_card(std::string_view text);

// The YAML text with every run of '\r' before a '\n' removed. yaml-cpp reads
// "\r\n" as a line break but not "\r\r\n" (common in crawled cards), which
// PyYAML, and so the Hub, reads as two. Lines are unchanged, so yaml-cpp's
// line numbers stay exact; positions map back with original_position().
struct LfYaml {
  std::string text;
  std::vector<size_t> dropped_at;     // positions in `text` where CRs were dropped
  std::vector<size_t> dropped_total;  // CRs dropped up to and including each

  uint64_t original_position(int position) const;
};

LfYaml strip_carriage_returns(std::string_view yaml);

// The YAML with the value of every top-level key that `is_read` rejects
// emptied, so yaml-cpp never builds the nodes owl would throw away
// (model-index alone is 87% of the 2024 crawl's front matter bytes). The key
// line stays as `key:` (duplicate keys are still seen) and each skipped line
// stays as an empty line, so line numbers are unchanged. A block runs to the
// next line at column 0 that is not blank, a comment or a `- ` item.
// nullopt when a column-0 line is not a plain or simply quoted `key:` (flow
// or complex keys, a root that is not a map): then nothing can be skipped
// safely. Byte positions are not kept: parse the whole text again to place
// an error. Blocks skipped go unchecked, so YAML broken only inside them is
// no longer an error.
std::optional<std::string> empty_unread_blocks(
    std::string_view yaml, const std::function<bool(std::string_view)>& is_read);

namespace detail {
// read_model_card with the skipping of unread blocks switchable, so a test
// can check that it changes nothing.
Expected<ModelCard> read_model_card(std::string_view text, bool skip_unread_blocks);
}  // namespace detail

}  // namespace owl
