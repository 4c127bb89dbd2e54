// Internal to the report stage: how text printers mark colour and layout,
// and the one function that turns a printed report into terminal text.
//
// Printers never write terminal control bytes themselves. They write plain
// text with style markers (Painter), and render_terminal() then escapes
// every control byte and invalid UTF-8 in the whole report (so a card, a
// licence file, a GGUF key or a file name can never clear the screen or
// paint its own verdict), turns the markers into colour, and wraps lines to
// the terminal. Markers carry a random per-process token: text read from a
// release cannot forge one, because it was written before the token existed.
// The alternative turned down, escaping each untrusted field where it is
// printed, leaves every future printer one forgotten call away from a raw
// escape sequence, and library messages (Error::message(), conflict
// sentences) already embed untrusted names.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "owl/audit.h"

namespace owl::detail {

// A marker for an SGR code ("1", "32", "0"), or kClipCode for "this line
// is never wrapped: cut it at the width with …".
std::string style_marker(std::string_view code);
inline constexpr std::string_view kClipCode = "clip";

struct Painter {
  bool color;
  std::string paint(const std::string& text, const char* code) const {
    return color ? style_marker(code) + text + style_marker("0") : text;
  }
  std::string bold(const std::string& text) const { return paint(text, "1"); }
  std::string dim(const std::string& text) const { return paint(text, "2"); }
  std::string good(const std::string& text) const { return paint(text, "32"); }
  std::string warn(const std::string& text) const { return paint(text, "33"); }
  std::string bad(const std::string& text) const { return paint(text, "31"); }
  // Put at the start of a line that quotes untrusted text at length (a
  // licence pasted into a gated prompt): at most one line of it is shown.
  static std::string clip() { return style_marker(kClipCode); }
};

// The report as a terminal shows it: escaped (owl::escape_for_terminal,
// newlines kept), markers turned into ANSI colour (color) or dropped, and
// each line longer than `width` display columns wrapped at spaces with its
// continuation lines indented under the line's column: after a leading
// label and two spaces ("  Terms     ...": indented 4 or less, ending by
// column 24), else two past the line's indent. A word wider than the room
// left is cut. width 0: no wrap.
std::string render_terminal(std::string_view text, bool color, size_t width);

// The verdict card's lines, unrendered (print_verdict_text renders them;
// print_release_text renders them with the rest of the block).
void print_verdict_lines(std::ostream& out, const ReleaseAudit& audit, const Painter& p);
// "ALLOWED WITH DUTIES", painted by how good it is: the card and the summary line.
std::string permission_label(const Painter& p, Permission permission);

}  // namespace owl::detail
