// Splits a README.md into YAML front matter and Markdown body, the way the
// Hugging Face Hub does (huggingface_hub.repocard's REGEX_YAML_BLOCK): the
// text may open with whitespace, then a `---` line; the front matter runs to
// the next line that is exactly `---`. A missing closing line means there is
// no front matter at all. Also tolerated: a UTF-8 byte-order mark, CRLF line
// ends and trailing blanks after either `---`.
// Thread-safe: a pure function; the views point into the caller's text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace owl
