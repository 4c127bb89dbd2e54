// render_terminal (painter.h): escape, colour and wrap a printed report.
#include <fmt/format.h>

#include <cstdint>
#include <random>
#include <string>
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

// One thing a terminal shows (or a style change, which takes no columns):
// a range of Line::shown, the line as escaped and coloured. Units lie in
// shown in order with nothing between them, so a run of units is one range.
struct Unit {
  uint32_t begin = 0;
  uint32_t size = 0;
  uint32_t width = 0;
  bool space = false;
};

// One line tokenised. Reused from line to line: a report's lines cost no
// allocation once the buffers have grown.
struct Line {
  std::string shown;
  std::vector<Unit> units;
  bool clip = false;

  void clear() {
    shown.clear();
    units.clear();
    clip = false;
  }
  void add(std::string_view bytes, size_t width, bool space) {
    units.push_back({static_cast<uint32_t>(shown.size()), static_cast<uint32_t>(bytes.size()),
                     static_cast<uint32_t>(width), space});
    shown += bytes;
  }
  // Appends units [begin, end) to out.
  void append(std::string& out, size_t begin, size_t end) const {
    if (begin >= end) return;
    const size_t from = units[begin].begin;
    out.append(shown, from, units[end - 1].begin + units[end - 1].size - from);
  }
};

bool printable_ascii(char c) { return c >= 0x20 && c < 0x7F; }

void tokenise(std::string_view text, bool color, Line& line) {
  line.clear();
  const std::string& prefix = marker_prefix();
  for (size_t pos = 0; pos < text.size();) {
    const char c = text[pos];
    if (printable_ascii(c)) {
      line.add(text.substr(pos, 1), 1, c == ' ');
      ++pos;
      continue;
    }
    if (text.compare(pos, prefix.size(), prefix) == 0) {
      size_t end = text.find(';', pos + prefix.size());
      if (end == std::string_view::npos) end = text.size() - 1;  // a cut marker: drop the rest
      const std::string_view code = text.substr(pos + prefix.size(), end - pos - prefix.size());
      if (code == kClipCode)
        line.clip = true;
      else if (color)
        line.add(fmt::format("\033[{}m", code), 0, false);
      pos = end + 1;
      continue;
    }
    char32_t code_point = 0;
    const size_t length = std::max<size_t>(decode_utf8(text, pos, code_point), 1);
    const size_t begin = line.shown.size();
    append_escaped_for_terminal(line.shown, text.substr(pos, length));
    const std::string_view shown = std::string_view(line.shown).substr(begin);
    line.units.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(shown.size()),
                          static_cast<uint32_t>(display_width(shown)), false});
    pos += length;
  }
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

void append_clipped(std::string& out, const Line& line, size_t width, bool color) {
  size_t column = 0;
  size_t end = 0;
  for (; end < line.units.size(); ++end) {
    if (column + line.units[end].width > width - 1) break;
    column += line.units[end].width;
  }
  line.append(out, 0, end);
  out += "…";
  if (color) out += "\033[0m";
}

void new_line(std::string& out, size_t hang) {
  out += '\n';
  out.append(hang, ' ');
}

void append_wrapped(std::string& out, const Line& line, size_t width) {
  const std::vector<Unit>& units = line.units;
  const size_t hang = hanging_indent(units, width);
  size_t column = 0;
  size_t i = 0;
  // The line's own indent stays as printed.
  for (; i < units.size() && units[i].space; ++i) column += 1;
  line.append(out, 0, i);
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
      line.append(out, i, spaces_end);
      column += gap;
    } else {  // the spaces at a break are dropped
      new_line(out, hang);
      column = hang;
    }
    if (column + word <= width) {
      line.append(out, spaces_end, word_end);
      column += word;
    } else {
      // A word wider than the room left on a fresh line is cut where it must be.
      for (size_t k = spaces_end; k < word_end; ++k) {
        if (column + units[k].width > width && column > hang) {
          new_line(out, hang);
          column = hang;
        }
        line.append(out, k, k + 1);
        column += units[k].width;
      }
    }
    nothing_yet = false;
    i = word_end;
  }
}

// Most of a report is plain ASCII lines that fit: they are copied as they are.
bool plain_and_fits(std::string_view line, size_t width) {
  if (width != 0 && line.size() > width) return false;
  for (const char c : line)
    if (!printable_ascii(c)) return false;
  return true;
}

}  // namespace

std::string style_marker(std::string_view code) {
  return marker_prefix() + std::string(code) + ";";
}

std::string render_terminal(std::string_view text, bool color, size_t width) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  Line line;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    const bool newline = end != std::string_view::npos;
    if (!newline) end = text.size();
    const std::string_view printed = text.substr(begin, end - begin);
    if (plain_and_fits(printed, width)) {
      out += printed;
    } else {
      tokenise(printed, color, line);
      if (width == 0 || total_width(line.units) <= width)
        out += line.shown;
      else if (line.clip)
        append_clipped(out, line, width, color);
      else
        append_wrapped(out, line, width);
    }
    if (newline) out += '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace owl::detail
