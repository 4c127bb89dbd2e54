// Small text helpers shared by every stage. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace owl {

// ASCII letters to lower case; other bytes (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view text);
// ASCII letters to upper case; other bytes unchanged.
std::string ascii_upper(std::string_view text);

// Without leading and trailing spaces, tabs and carriage returns.
std::string_view trim_blanks(std::string_view text);

// Untrusted text made safe for a terminal: every byte that could move the
// cursor, change colours or reorder what is shown becomes a visible escape.
// C0 controls, DEL and CR as "\x1b", "\r", "\t", "\x7f"; C1 controls, bidi
// overrides and line/paragraph separators as "\u0085", "\u202e"; each byte
// of invalid UTF-8 as "\xff". A newline is kept only when keep_newlines is
// set (a whole report), and escaped as "\n" otherwise (one field).
std::string escape_for_terminal(std::string_view text, bool keep_newlines = false);
// The same, appended to `out`: no string per call (the report renderer
// escapes a code point at a time).
void append_escaped_for_terminal(std::string& out, std::string_view text,
                                 bool keep_newlines = false);

// The columns `text` takes on a terminal: wide (East Asian) characters 2,
// combining marks 0, everything else 1. Expects escaped text; an invalid
// byte counts 1.
size_t display_width(std::string_view text);

// Decodes one UTF-8 code point at text[pos]. Returns the sequence length
// (1..4), or 0 when the bytes there are not valid UTF-8 (overlong forms,
// surrogates and values past U+10FFFF included).
size_t decode_utf8(std::string_view text, size_t pos, char32_t& code_point);

// The columns one code point takes (see display_width).
int code_point_width(char32_t code_point);

// English month names, lower case: month_name(1) is "january". Readers of
// dates in licences, cards and version words share this one table.
std::string_view month_name(int month);  // "" outside 1..12
// The month a lower-case word names in full ("march") or, when
// `min_prefix` > 0, by a prefix of at least that many letters ("sept");
// 0 when it names none.
int month_named(std::string_view word, size_t min_prefix = 0);

}  // namespace owl
