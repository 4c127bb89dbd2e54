// render_terminal (painter.h): escape, colour and wrap a printed report.
#include <fmt/format.h>

#include <random>
#include <vector>

#include "owl/text.h"
#include "painter.h"

namespace owl::detail {

namespace {

// NUL, a unit separator and 64 random bits: bytes no printer writes and no
// release can predict.
const std::string& marker_prefix() {
  static const std::string prefix = [] {
    std::random_device random;
    std::string text("\0\x1fowl", 5);
    text += fmt::format("{:08x}{:08x}:", random(), random());
    return text;
  }();
  return prefix;
}

// One thing a terminal shows (or a style change, which takes no columns).
struct Unit {
  std::string bytes;
  size_t width = 0;
  bool space = false;
};

struct Line {
  std::vector<Unit> units;
  bool clip = false;
};

Line tokenise(std::string_view text, bool color) {
  Line line;
  const std::string& prefix = marker_prefix();
  for (size_t pos = 0; pos < text.size();) {
    if (text.compare(pos, prefix.size(), prefix) == 0) {
      size_t end = text.find(';', pos + prefix.size());
      if (end == std::string_view::npos) end = text.size() - 1;  // a cut marker: drop the rest
      const std::string_view code = text.substr(pos + prefix.size(), end - pos - prefix.size());
      if (code == kClipCode)
        line.clip = true;
      else if (color)
        line.units.push_back({fmt::format("\033[{}m", code), 0, false});
      pos = end + 1;
      continue;
    }
    char32_t code_point = 0;
    const size_t length = std::max<size_t>(decode_utf8(text, pos, code_point), 1);
    std::string shown = escape_for_terminal(text.substr(pos, length));
    const size_t width = display_width(shown);
    line.units.push_back({std::move(shown), width, text[pos] == ' '});
    pos += length;
  }
  return line;
}

size_t total_width(const std::vector<Unit>& units) {
  size_t width = 0;
  for (const auto& unit : units) width += unit.width;
  return width;
}

// Where continuation lines start: after "  Label   " when the line opens
// (indented four or less) with a label and a run of two or more spaces,
// else two past its indent.
size_t hanging_indent(const std::vector<Unit>& units, size_t width) {
  size_t indent = 0;
  size_t i = 0;
  for (; i < units.size() && (units[i].space || units[i].width == 0); ++i) indent += units[i].width;
  size_t column = indent;
  size_t spaces = 0;
  for (; i < units.size(); ++i) {
    if (units[i].space) {
      ++spaces;
    } else if (units[i].width > 0) {
      if (spaces >= 2) break;
      spaces = 0;
    }
    column += units[i].width;
  }
  // Labels open a line near the margin ("  Terms     ", "    ✓ license   ");
  // deeper lines are lists whose double spaces separate items.
  // A label wider than kWidestLabel (a long release name opening a summary
  // line) would leave a narrow column: continue near the margin instead.
  constexpr size_t kDeepestLabel = 4;
  constexpr size_t kWidestLabel = 24;
  const size_t limit = width / 2;
  if (i < units.size() && column <= std::min(limit, kWidestLabel) && indent <= kDeepestLabel)
    return column;
  return std::min(indent + 2, limit);
}

void append(std::string& out, const std::vector<Unit>& units, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) out += units[i].bytes;
}

std::string clipped(const std::vector<Unit>& units, size_t width, bool color) {
  std::string out;
  size_t column = 0;
  for (const auto& unit : units) {
    if (column + unit.width > width - 1) break;
    out += unit.bytes;
    column += unit.width;
  }
  out += "…";
  if (color) out += "\033[0m";
  return out;
}

std::string wrapped(const std::vector<Unit>& units, size_t width) {
  const size_t hang = hanging_indent(units, width);
  std::string out;
  size_t column = 0;
  size_t i = 0;
  // The line's own indent stays as printed.
  for (; i < units.size() && units[i].space; ++i) out += units[i].bytes, column += 1;
  bool nothing_yet = true;  // a word too wide for the first line is cut there, not moved
  while (i < units.size()) {
    size_t spaces_end = i;
    while (spaces_end < units.size() && units[spaces_end].space) ++spaces_end;
    size_t word_end = spaces_end;
    while (word_end < units.size() && !units[word_end].space) ++word_end;
    if (word_end == spaces_end) break;  // trailing spaces
    const size_t gap = spaces_end - i;
    size_t word = 0;
    for (size_t k = spaces_end; k < word_end; ++k) word += units[k].width;
    if (column + gap + word <= width || nothing_yet) {
      append(out, units, i, spaces_end);
      column += gap;
    } else {  // the spaces at a break are dropped
      out += "\n" + std::string(hang, ' ');
      column = hang;
    }
    // A word wider than the room left on a fresh line is cut where it must be.
    for (size_t k = spaces_end; k < word_end; ++k) {
      if (column + units[k].width > width && column > hang) {
        out += "\n" + std::string(hang, ' ');
        column = hang;
      }
      out += units[k].bytes;
      column += units[k].width;
    }
    nothing_yet = false;
    i = word_end;
  }
  return out;
}

}  // namespace

std::string style_marker(std::string_view code) {
  return marker_prefix() + std::string(code) + ";";
}

std::string render_terminal(std::string_view text, bool color, size_t width) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    const bool newline = end != std::string_view::npos;
    if (!newline) end = text.size();
    const Line line = tokenise(text.substr(begin, end - begin), color);
    if (width == 0 || total_width(line.units) <= width)
      append(out, line.units, 0, line.units.size());
    else if (line.clip)
      out += clipped(line.units, width, color);
    else
      out += wrapped(line.units, width);
    if (newline) out += '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace owl::detail
