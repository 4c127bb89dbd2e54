// render_terminal: the one place text reports are escaped, coloured and
// wrapped (painter.h).
#include <gtest/gtest.h>

#include <sstream>

#include "owl/text.h"
#include "painter.h"

namespace owl::detail {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

TEST(RenderTerminal, EscapesEverythingButItsOwnColour) {
  const Painter p{true};
  const std::string untrusted = "\x1b[2J\x1b[32mALLOWED\x1b[0m";
  const std::string shown = render_terminal(p.bold("name") + " " + untrusted + "\n", true, 0);
  EXPECT_EQ(shown, "\x1b[1mname\x1b[0m \\x1b[2J\\x1b[32mALLOWED\\x1b[0m\n");
}

TEST(RenderTerminal, ColourOffDropsMarkers) {
  const Painter p{true};
  EXPECT_EQ(render_terminal(p.good("ok") + "\n", false, 0), "ok\n");
}

// A release cannot write a marker: it does not know the token, and the
// bytes it would need (NUL, US) are escaped like any control.
TEST(RenderTerminal, MarkersCannotBeForgedFromText) {
  const std::string marker = style_marker("32");
  const std::string guess = std::string("\0\x1fowl0000000000000000:32;", 24);
  ASSERT_NE(guess, marker);
  const std::string shown = render_terminal(guess + "x\n", true, 0);
  EXPECT_EQ(shown.find('\x1b'), std::string::npos);
  EXPECT_NE(shown.find("\\x00\\x1fowl"), std::string::npos);
}

TEST(RenderTerminal, WrapsUnderTheLabelColumn) {
  const std::string line =
      "  Terms     Llama 3.1 Community License Agreement (LicenseRef-owl-llama-3.1)  ← "
      "inherited from base meta-llama/Llama-3.1-8B\n";
  const auto lines = lines_of(render_terminal(line, false, 40));
  ASSERT_GT(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("  Terms     Llama", 0), 0u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(display_width(lines[i]), 40u) << lines[i];
    if (i > 0) EXPECT_EQ(lines[i].find_first_not_of(' '), 12u) << lines[i];
  }
}

TEST(RenderTerminal, WithoutALabelContinuesTwoPastTheIndent) {
  const std::string words(30, 'w');
  const auto lines = lines_of(render_terminal("    " + words + " " + words + "\n", false, 40));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "      " + words);
}

TEST(RenderTerminal, CutsAWordWiderThanTheLine) {
  const std::string path = "  " + std::string(100, 'x') + "\n";
  const auto lines = lines_of(render_terminal(path, false, 40));
  ASSERT_EQ(lines.size(), 3u);  // 38 on the first line, then 36 under the hang, then 26
  std::string joined;
  for (const auto& line : lines) {
    EXPECT_LE(display_width(line), 40u);
    joined += line.substr(line.find_first_not_of(' '));
  }
  EXPECT_EQ(joined, std::string(100, 'x'));
}

TEST(RenderTerminal, WideCharactersCountTwoColumns) {
  std::string text = "  ";
  for (int i = 0; i < 30; ++i) text += "基于 ";
  for (const auto& line : lines_of(render_terminal(text + "\n", false, 40)))
    EXPECT_LE(display_width(line), 40u) << line;
}

TEST(RenderTerminal, ClippedLineIsCutWithAnEllipsis) {
  const std::string text = Painter::clip() + "    extra_gated_prompt: " + std::string(200, 'a');
  const std::string shown = render_terminal(text + "\nnext\n", false, 40);
  const auto lines = lines_of(shown);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(display_width(lines[0]), 40u);
  EXPECT_EQ(lines[0].substr(lines[0].size() - 3), "…");
  EXPECT_EQ(lines[1], "next");
}

// Colour codes take bytes but no columns: a coloured line that fits by
// what it shows is not wrapped, however many bytes its codes add.
TEST(RenderTerminal, ColourTakesNoColumns) {
  const Painter p{true};
  const std::string name(30, 'a');
  const std::string verdict(7, 'b');
  const std::string line = "  " + p.bold(name) + " " + p.good(verdict) + "\n";
  EXPECT_EQ(render_terminal(line, true, 40),
            "  \x1b[1m" + name + "\x1b[0m \x1b[32m" + verdict + "\x1b[0m\n");
  const auto wrapped = lines_of(render_terminal(line, true, 39));
  ASSERT_EQ(wrapped.size(), 2u);
  EXPECT_EQ(wrapped[1], "    \x1b[32m" + verdict + "\x1b[0m");
}

// Plain ASCII lines that fit are copied as they are; one with an escape,
// a wide character or a marker in it takes the full path, and both agree.
TEST(RenderTerminal, PlainAndEscapedLinesAgreeOnWidth) {
  EXPECT_EQ(render_terminal("  a\tb\n", false, 80), "  a\\tb\n");
  EXPECT_EQ(render_terminal(std::string(40, 'x') + "\n", false, 40), std::string(40, 'x') + "\n");
  const auto lines = lines_of(render_terminal(std::string(38, 'x') + " \x01y\n", false, 40));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "  \\x01y");
}

TEST(RenderTerminal, ShortLinesAndWidthZeroAreUntouched) {
  const std::string text = "  a  b\n\nc\n";
  EXPECT_EQ(render_terminal(text, false, 80), text);
  const std::string long_line(300, 'z');
  EXPECT_EQ(render_terminal(long_line, false, 0), long_line);
}

}  // namespace
}  // namespace owl::detail
