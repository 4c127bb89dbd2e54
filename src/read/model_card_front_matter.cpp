#include "read/model_card_front_matter.h"

#include <algorithm>

namespace owl {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A line (without its '\n') that is `---` plus optional blanks and '\r'.
bool is_delimiter(std::string_view line) {
  if (line.substr(0, 3) != "---") return false;
  for (char c : line.substr(3)) {
    if (!is_blank(c) && c != '\r') return false;
  }
  return true;
}

// Reads one line starting at `pos`; returns its text without the '\n' and
// moves `pos` past the '\n' (or to the end).
std::string_view next_line(std::string_view text, size_t& pos) {
  const size_t stop = text.find('\n', pos);
  const size_t end = stop == std::string_view::npos ? text.size() : stop;
  std::string_view line = text.substr(pos, end - pos);
  pos = stop == std::string_view::npos ? text.size() : stop + 1;
  return line;
}

}  // namespace

CardSections split_model_card(std::string_view text) {
  CardSections sections;
  sections.body = text;
  size_t pos = text.substr(0, kByteOrderMark.size()) == kByteOrderMark ? kByteOrderMark.size() : 0;
  if (pos > 0) sections.body = text.substr(pos);

  int line_number = 1;
  // Leading whitespace (blank lines, indentation) before the opening `---`.
  while (pos < text.size() && is_space(text[pos])) {
    if (text[pos] == '\n') ++line_number;
    ++pos;
  }
  size_t cursor = pos;
  if (!is_delimiter(next_line(text, cursor))) return sections;

  const size_t yaml_start = cursor;
  const int yaml_line = line_number + 1;
  int current_line = yaml_line;
  while (cursor < text.size()) {
    const size_t this_line = cursor;
    if (is_delimiter(next_line(text, cursor))) {
      sections.has_front_matter = true;
      sections.yaml = text.substr(yaml_start, this_line - yaml_start);
      sections.yaml_line = yaml_line;
      sections.yaml_offset = yaml_start;
      sections.body = text.substr(cursor);
      sections.body_line = current_line + 1;
      return sections;
    }
    ++current_line;
  }
  sections.unterminated = true;
  return sections;
}

LfYaml strip_carriage_returns(std::string_view yaml) {
  LfYaml out;
  out.text.reserve(yaml.size());
  size_t dropped = 0;
  for (size_t i = 0; i < yaml.size(); ++i) {
    if (yaml[i] == '\r') {
      size_t run_end = i;
      while (run_end < yaml.size() && yaml[run_end] == '\r') ++run_end;
      if (run_end < yaml.size() && yaml[run_end] == '\n') {
        dropped += run_end - i;
        out.dropped_at.push_back(out.text.size());
        out.dropped_total.push_back(dropped);
        i = run_end - 1;
        continue;
      }
    }
    out.text += yaml[i];
  }
  return out;
}

uint64_t LfYaml::original_position(int position) const {
  if (position < 0) return 0;
  const size_t pos = static_cast<size_t>(position);
  // CRs dropped at a position p sat before text[p], so they count for pos >= p.
  const auto after = std::upper_bound(dropped_at.begin(), dropped_at.end(), pos);
  const size_t runs = static_cast<size_t>(after - dropped_at.begin());
  return pos + (runs == 0 ? 0 : dropped_total[runs - 1]);
}

}  // namespace owl
