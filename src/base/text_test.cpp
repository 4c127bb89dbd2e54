#include "owl/text.h"

#include <gtest/gtest.h>

#include <clocale>

namespace owl {
namespace {

TEST(AsciiLower, LowersAsciiLettersOnly) {
  EXPECT_EQ(ascii_lower("Meta-Llama-3.1-8B [Instruct] @Z"), "meta-llama-3.1-8b [instruct] @z");
  EXPECT_EQ(ascii_lower(""), "");
}

// 基于 and "É" in UTF-8 keep every byte whatever the process locale says:
// std::tolower under a Latin-1 locale would rewrite 0xC3 0x89.
TEST(AsciiLower, LeavesUtf8BytesAloneUnderAnyLocale) {
  const std::string text = "\xe5\x9f\xba\xe4\xba\x8e Llama \xc3\x89T\xc3\x89";
  const std::string expected = "\xe5\x9f\xba\xe4\xba\x8e llama \xc3\x89t\xc3\x89";
  EXPECT_EQ(ascii_lower(text), expected);
  const char* previous = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved = previous ? previous : "C";
  if (std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr) EXPECT_EQ(ascii_lower(text), expected);
  std::setlocale(LC_CTYPE, saved.c_str());
}

// A card that tries to clear the screen and paint its own verdict shows
// every byte of the attempt instead.
TEST(EscapeForTerminal, ControlBytesBecomeVisibleEscapes) {
  EXPECT_EQ(escape_for_terminal("\x1b[2J\x1b[H\x1b[32mALLOWED\x1b[0m"),
            "\\x1b[2J\\x1b[H\\x1b[32mALLOWED\\x1b[0m");
  EXPECT_EQ(escape_for_terminal("a\rb\tc\x7f\x07"), "a\\rb\\tc\\x7f\\x07");
  EXPECT_EQ(escape_for_terminal(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(escape_for_terminal("one\ntwo"), "one\\ntwo");
  EXPECT_EQ(escape_for_terminal("one\ntwo", true), "one\ntwo");
}

TEST(EscapeForTerminal, C1ControlsAndBidiOverridesAreEscaped) {
  EXPECT_EQ(escape_for_terminal("next\xc2\x85line \xc2\x9b"
                                "2J"),
            "next\\u0085line \\u009b2J");
  EXPECT_EQ(escape_for_terminal("abc\xe2\x80\xae"
                                "fdp.exe"),
            "abc\\u202efdp.exe");
  EXPECT_EQ(escape_for_terminal("x\xe2\x81\xa6y\xe2\x80\xa8z"), "x\\u2066y\\u2028z");
}

TEST(EscapeForTerminal, InvalidUtf8IsEscapedBytewise) {
  EXPECT_EQ(escape_for_terminal("bad \xff\xfe end"), "bad \\xff\\xfe end");
  EXPECT_EQ(escape_for_terminal("truncated \xe5\x9f"), "truncated \\xe5\\x9f");
  EXPECT_EQ(escape_for_terminal("overlong \xc0\xaf"), "overlong \\xc0\\xaf");
  EXPECT_EQ(escape_for_terminal("surrogate \xed\xa0\x80"), "surrogate \\xed\\xa0\\x80");
}

TEST(EscapeForTerminal, PrintableUtf8IsKept) {
  const std::string text = "Llama 3.1 · 基于 Llama — “Built with Llama” ✓ Ü";
  EXPECT_EQ(escape_for_terminal(text), text);
}

TEST(DisplayWidth, CountsColumnsNotBytes) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("✓ · —"), 5u);
  EXPECT_EQ(display_width("基于"), 4u);       // wide
  EXPECT_EQ(display_width("e\xcc\x81"), 1u);  // e + combining acute
  EXPECT_EQ(display_width("\\x1b"), 4u);      // an escape as shown
}

}  // namespace
TEST(MonthNames, OneTableForEveryDateReader) {
  EXPECT_EQ(month_name(1), "january");
  EXPECT_EQ(month_name(12), "december");
  EXPECT_EQ(month_name(0), "");
  EXPECT_EQ(month_name(13), "");
  EXPECT_EQ(month_named("may"), 5);
  EXPECT_EQ(month_named("sept"), 0);  // a prefix counts only when asked for
  EXPECT_EQ(month_named("sept", 3), 9);
  EXPECT_EQ(month_named("ju", 3), 0);  // June or July: too short to say
  EXPECT_EQ(month_named("March"), 0);  // callers lower-case first
}

}  // namespace owl
