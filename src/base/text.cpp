#include "owl/text.h"

#include <fmt/format.h>
#include <locale.h>

#include <cwchar>
#include <iterator>

namespace owl {

// Not std::tolower: that asks the C locale for every byte, and under a
// Latin-1 locale it would rewrite bytes of UTF-8 sequences.
std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

size_t decode_utf8(std::string_view text, size_t pos, char32_t& code_point) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const unsigned char lead = byte(0);
  size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - pos < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  code_point = value;
  return length;
}

namespace {

// Code points a terminal acts on instead of showing, or that make the text
// shown differ from the text stored: C1 controls, bidi embeddings,
// overrides and isolates, line and paragraph separators.
bool is_hidden_control(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x2028 || c == 0x2029 || c == 0x200E || c == 0x200F || c == 0x061C;
}

const char* named_escape(unsigned char c) {
  switch (c) {
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\n': return "\\n";
    default: return nullptr;
  }
}

}  // namespace

void append_escaped_for_terminal(std::string& out, std::string_view text, bool keep_newlines) {
  const auto escaped_byte = [&out](unsigned char byte) {
    fmt::format_to(std::back_inserter(out), "\\x{:02x}", byte);
  };
  for (size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte == '\n' && keep_newlines) {
      out += '\n';
      ++pos;
    } else if (byte < 0x20 || byte == 0x7F) {
      if (const char* name = named_escape(byte))
        out += name;
      else
        escaped_byte(byte);
      ++pos;
    } else if (byte < 0x80) {
      out += static_cast<char>(byte);
      ++pos;
    } else {
      char32_t code_point = 0;
      const size_t length = decode_utf8(text, pos, code_point);
      if (length == 0) {
        escaped_byte(byte);
        ++pos;
      } else {
        if (is_hidden_control(code_point))
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<uint32_t>(code_point));
        else
          out.append(text.substr(pos, length));
        pos += length;
      }
    }
  }
}

std::string escape_for_terminal(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  append_escaped_for_terminal(out, text, keep_newlines);
  return out;
}

// glibc's wcwidth knows the Unicode width tables but only under a UTF-8
// locale; C.UTF-8 is built into glibc, and uselocale changes this thread
// alone. Without it, every code point counts one column.
int code_point_width(char32_t code_point) {
  if (code_point < 0x7F) return code_point >= 0x20 ? 1 : 0;
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (utf8 == static_cast<locale_t>(0)) return 1;
  const locale_t previous = uselocale(utf8);
  const int width = ::wcwidth(static_cast<wchar_t>(code_point));
  uselocale(previous);
  return width < 0 ? 1 : width;
}

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t code_point = 0;
    const size_t length = decode_utf8(text, pos, code_point);
    if (length == 0) {
      ++width;
      ++pos;
      continue;
    }
    width += static_cast<size_t>(code_point_width(code_point));
    pos += length;
  }
  return width;
}

namespace {
constexpr std::string_view kMonthNames[12] = {"january",   "february", "march",    "april",
                                              "may",       "june",     "july",     "august",
                                              "september", "october",  "november", "december"};
}  // namespace

std::string_view month_name(int month) {
  return month >= 1 && month <= 12 ? kMonthNames[month - 1] : std::string_view();
}

int month_named(std::string_view word, size_t min_prefix) {
  const bool by_prefix = min_prefix > 0 && word.size() >= min_prefix;
  for (int i = 0; i < 12; ++i) {
    const std::string_view name = kMonthNames[i];
    if (word == name || (by_prefix && name.substr(0, word.size()) == word)) return i + 1;
  }
  return 0;
}

}  // namespace owl
