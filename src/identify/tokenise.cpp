#include "identify/tokenise.h"

#include <algorithm>
#include <array>

#include "owl/text.h"

namespace owl::identify {
namespace {

// Cards with MTEB results carry front matter of several hundred KB.
constexpr size_t kMaxFrontMatterBytes = 2u << 20;

bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
char lower(unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (lower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view trim_left(std::string_view s, std::string_view chars) {
  const size_t first = s.find_first_not_of(chars);
  return first == std::string_view::npos ? std::string_view() : s.substr(first);
}

std::string_view strip_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

// Decodes one UTF-8 code point at `i`; returns its length, or 0 when the bytes
// are not valid UTF-8 (the byte is then treated as a separator).
size_t decode_utf8(std::string_view text, size_t i, uint32_t& code_point) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  size_t length = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2, code_point = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3, code_point = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4, code_point = b0 & 0x07u;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (b & 0x3Fu);
  }
  return length;
}

// Punctuation, symbols and spaces outside ASCII: separators, never words.
bool is_separator_code_point(uint32_t cp) {
  return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF || cp >= 0x1F000;
}

// Calls emit(word, begin, end) for each raw word outside `skipped`; the word
// is lower-cased but not yet folded.
template <class Emit>
void for_each_word(std::string_view text, const std::vector<ByteRange>& skipped, Emit&& emit) {
  std::string word;
  size_t skip_index = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (skip_index < skipped.size() && i >= skipped[skip_index].begin) {
      i = std::max(i, skipped[skip_index].end);
      ++skip_index;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t begin = i;
    if (is_ascii_letter(c)) {
      word.clear();
      while (i < text.size() && is_ascii_letter(static_cast<unsigned char>(text[i]))) {
        word.push_back(lower(static_cast<unsigned char>(text[i++])));
      }
      if (!emit(std::string_view(word), begin, i)) return;
    } else if (is_ascii_digit(c)) {
      while (i < text.size()) {
        const auto d = static_cast<unsigned char>(text[i]);
        const bool inner_dot = d == '.' && i + 1 < text.size() &&
                               is_ascii_digit(static_cast<unsigned char>(text[i + 1]));
        if (!is_ascii_digit(d) && !inner_dot) break;
        ++i;
      }
      if (!emit(text.substr(begin, i - begin), begin, i)) return;
    } else if (c < 0x80) {
      ++i;
    } else {
      uint32_t cp = 0;
      const size_t length = decode_utf8(text, i, cp);
      if (length == 0) {
        ++i;
        continue;
      }
      i += length;
      if (!is_separator_code_point(cp) && !emit(text.substr(begin, length), begin, i)) return;
    }
  }
}

}  // namespace

size_t front_matter_end(std::string_view text) {
  const size_t bom = text.size() - strip_bom(text).size();
  std::string_view rest = text.substr(bom);
  // Crawled cards end lines in "\r\n" and even "\r\r\n"; any run of CRs counts.
  const auto line_at = [&](size_t pos, size_t& eol) {
    eol = rest.find('\n', pos);
    std::string_view line =
        rest.substr(pos, (eol == std::string_view::npos ? rest.size() : eol) - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    return line;
  };
  size_t eol = 0;
  if (line_at(0, eol) != "---" || eol == std::string_view::npos) return 0;
  size_t pos = eol + 1;
  const size_t limit = std::min(rest.size(), kMaxFrontMatterBytes);
  while (pos < limit) {
    const std::string_view line = line_at(pos, eol);
    if (line == "---" || line == "...") {
      return bom + (eol == std::string_view::npos ? rest.size() : eol + 1);
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return 0;
}

bool is_copyright_line(std::string_view line) {
  line = trim_left(line, " \t#*>-_|");
  if (line.substr(0, 2) == "\xC2\xA9") return true;  // ©
  if (starts_with_ci(line, "(c)")) {
    line = trim_left(line.substr(3), " \t");
    return !line.empty() && is_ascii_digit(static_cast<unsigned char>(line[0]));
  }
  if (!starts_with_ci(line, "copyright")) return false;
  line = trim_left(line.substr(9), " \t:");
  if (starts_with_ci(line, "copyright"))
    line = trim_left(line.substr(9), " \t:");  // "Copyright: Copyright (c)"
  if (line.empty()) return false;
  const auto c = static_cast<unsigned char>(line[0]);
  return is_ascii_digit(c) || c == '(' || c == '[' || c == '<' || c == '{' ||
         line.substr(0, 2) == "\xC2\xA9";
}

std::vector<ByteRange> skipped_regions(std::string_view text) {
  std::vector<ByteRange> regions;
  size_t pos = front_matter_end(text);
  if (pos > 0) regions.push_back({0, pos});
  while (pos < text.size()) {
    const size_t eol = text.find('\n', pos);
    const size_t line_end = eol == std::string_view::npos ? text.size() : eol;
    if (is_copyright_line(text.substr(pos, line_end - pos))) regions.push_back({pos, line_end});
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return regions;
}

std::string_view fold_word(std::string_view lowered) {
  if (lowered == "http" || lowered == "https" || lowered == "www") return {};
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kSpellings = {{
      {"licence", "license"},
      {"licences", "licenses"},
      {"licenced", "licensed"},
      {"licencing", "licensing"},
      {"licencee", "licensee"},
      {"organisation", "organization"},
      {"authorised", "authorized"},
      {"recognised", "recognized"},
  }};
  for (const auto& [british, american] : kSpellings) {
    if (lowered == british) return american;
  }
  return lowered;
}

bool is_version_bearing(std::string_view word) {
  if (word.empty()) return false;
  if (is_ascii_digit(static_cast<unsigned char>(word[0]))) return true;
  return month_named(word) != 0;
}

bool is_strong_version(std::string_view word) {
  if (!is_version_bearing(word)) return false;
  if (!is_ascii_digit(static_cast<unsigned char>(word[0]))) return true;  // a month
  return word.size() > 2 || word.find('.') != std::string_view::npos;
}

uint32_t word_hash(std::string_view word) {
  uint32_t hash = 2166136261u;
  for (const char c : word) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

uint64_t sequence_hash(std::span<const uint32_t> word_hashes) {
  uint64_t hash = 14695981039346656037ull;
  for (const uint32_t word : word_hashes) {
    for (int shift = 0; shift < 32; shift += 8) {
      hash ^= (word >> shift) & 0xFFu;
      hash *= 1099511628211ull;
    }
  }
  return hash;
}

std::vector<Token> tokenise(std::string_view text, size_t max_tokens) {
  std::vector<Token> tokens;
  const std::vector<ByteRange> skipped = skipped_regions(text);
  for_each_word(text, skipped, [&](std::string_view raw, size_t begin, size_t end) {
    const std::string_view word = fold_word(raw);
    if (word.empty()) return true;
    tokens.push_back(Token{word_hash(word), static_cast<uint32_t>(begin),
                           static_cast<uint32_t>(end), is_version_bearing(word),
                           is_strong_version(word)});
    return tokens.size() < max_tokens;
  });
  return tokens;
}

std::vector<std::string> normalised_words(std::string_view text) {
  std::vector<std::string> words;
  const std::vector<ByteRange> skipped = skipped_regions(text);
  for_each_word(text, skipped, [&](std::string_view raw, size_t, size_t) {
    const std::string_view word = fold_word(raw);
    if (!word.empty()) words.emplace_back(word);
    return true;
  });
  return words;
}

}  // namespace owl::identify
