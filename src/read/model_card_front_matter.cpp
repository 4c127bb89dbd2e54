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

// The key of a column-0 line `key: ...` or `key:`, and where the text after
// its colon starts; nullopt when the line is not a simple key (an indicator
// first, a quoted key with escapes, no colon followed by a blank).
struct TopLevelKey {
  std::string_view name;
  size_t after_colon = 0;
};

bool ends_key(std::string_view line, size_t colon) {
  return colon < line.size() && line[colon] == ':' &&
         (colon + 1 == line.size() || is_blank(line[colon + 1]));
}

std::optional<TopLevelKey> quoted_key(std::string_view line) {
  const char quote = line[0];
  const size_t close = line.find(quote, 1);
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view name = line.substr(1, close - 1);
  // Escapes and doubled quotes would need unquoting: not simple.
  if (name.find('\\') != std::string_view::npos ||
      (close + 1 < line.size() && line[close + 1] == quote))
    return std::nullopt;
  size_t colon = close + 1;
  while (colon < line.size() && is_blank(line[colon])) ++colon;
  if (!ends_key(line, colon)) return std::nullopt;
  return TopLevelKey{name, colon + 1};
}

std::optional<TopLevelKey> top_level_key(std::string_view line) {
  if (line.empty()) return std::nullopt;
  if (line[0] == '"' || line[0] == '\'') return quoted_key(line);
  constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>%@`";
  if (kIndicators.find(line[0]) != std::string_view::npos) return std::nullopt;
  for (size_t colon = line.find(':'); colon != std::string_view::npos;
       colon = line.find(':', colon + 1)) {
    if (!ends_key(line, colon)) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
    // " #" starts a comment: the colon is inside it.
    if (name.find(" #") != std::string_view::npos) return std::nullopt;
    return TopLevelKey{name, colon + 1};
  }
  return std::nullopt;
}

// Lines at column 0 that do not end a block: blank or blanks only, comments,
// and block sequence items (`key:` followed by `- item` at column 0).
bool continues_block(std::string_view line) {
  const size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || first > 0) return true;
  return line[0] == '#' || (line[0] == '-' && (line.size() == 1 || is_blank(line[1])));
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

std::optional<std::string> empty_unread_blocks(
    std::string_view yaml, const std::function<bool(std::string_view)>& is_read) {
  std::string out;
  out.reserve(yaml.size());
  bool skipping = false;
  for (size_t pos = 0; pos < yaml.size();) {
    const std::string_view line = next_line(yaml, pos);
    const bool ends_with_newline = yaml[pos - 1] == '\n';
    if (!continues_block(line)) {
      const auto key = top_level_key(line);
      if (!key) return std::nullopt;
      skipping = !is_read(key->name);
      out += skipping ? line.substr(0, key->after_colon) : line;
    } else if (!skipping) {
      out += line;
    }
    if (ends_with_newline) out += '\n';
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
