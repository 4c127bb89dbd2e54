// Dates a card states about its release ("Release Date: April 18, 2024"),
// read from the card's one parse, and the month parsing they share with
// the census's own date table.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "owl/lineage.h"
#include "owl/name_lexicon.h"
#include "owl/text.h"

namespace owl {

namespace {

bool is_digits(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

int number(std::string_view token) {
  int value = 0;
  for (char c : token.substr(0, 6)) value = value * 10 + (c - '0');
  return value;
}

// "sept" and "september" are September; three letters at least.
int month_of_word(std::string_view token) { return month_named(token, 3); }

bool is_year(std::string_view token) {
  return token.size() == 4 && is_digits(token) && number(token) >= 1990 && number(token) <= 2099;
}

// "Release date (estimate): Monday, ...": words between the cue and the date.
bool is_filler(std::string_view token) {
  const auto& fillers = NameLexicon::builtin().release_date_fillers;
  return std::find(fillers.begin(), fillers.end(), token) != fillers.end();
}

bool holds_any(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) {
    return text.find(word) != std::string_view::npos;
  });
}

std::vector<std::string_view> tokens_of(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < text.size() && tokens.size() < 12) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    const size_t start = i;
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

std::string format_month(int year, int month) { return fmt::format("{:04}-{:02}", year, month); }

// The date after "release date": "April 18, 2024", "Sept 2024", "11.July.2022",
// "7/26/2024", "2024-07-26". Skips fillers ("Estimate", a weekday).
std::optional<std::string> month_after(std::string_view text) {
  const auto tokens = tokens_of(text);
  size_t i = 0;
  while (i < tokens.size() && is_filler(tokens[i])) ++i;
  if (i + 1 >= tokens.size()) return std::nullopt;
  const auto rest = std::span(tokens).subspan(i);
  if (int month = month_of_word(rest[0]); month > 0)  // April 18, 2024 / Sept 2024
    for (size_t k = 1; k < std::min<size_t>(rest.size(), 4); ++k)
      if (is_year(rest[k])) return format_month(number(rest[k]), month);
  if (is_year(rest[0]) && is_digits(rest[1]) && number(rest[1]) >= 1 && number(rest[1]) <= 12)
    return format_month(number(rest[0]), number(rest[1]));  // 2024-07-26
  if (rest.size() >= 3 && is_digits(rest[0]) && is_year(rest[2])) {
    if (int month = month_of_word(rest[1]); month > 0)  // 11.July.2022
      return format_month(number(rest[2]), month);
    if (is_digits(rest[1]) && number(rest[0]) >= 1 && number(rest[0]) <= 12)  // 7/26/2024
      return format_month(number(rest[2]), number(rest[0]));
  }
  return std::nullopt;
}

}  // namespace

// "2024-07-26", "2024-07", "2024-07-26T10:00:00Z" -> "2024-07".
std::optional<std::string> month_of_iso(std::string_view text) {
  if (text.size() < 7 || text[4] != '-' || !is_year(text.substr(0, 4)) ||
      !is_digits(text.substr(5, 2)))
    return std::nullopt;
  const int month = number(text.substr(5, 2));
  if (month < 1 || month > 12) return std::nullopt;
  return format_month(number(text.substr(0, 4)), month);
}

std::optional<std::string> month_in_card_line(std::string_view line) {
  const NameLexicon& lexicon = NameLexicon::builtin();
  const std::string lower = ascii_lower(line);
  // A licence agreement's "Version Release Date" dates the licence.
  if (holds_any(lower, lexicon.release_date_not_cues)) return std::nullopt;
  for (const auto& cue : lexicon.release_date_cues)
    if (const auto at = lower.find(cue); at != std::string::npos)
      return month_after(std::string_view(lower).substr(at + cue.size(), 80));
  return std::nullopt;
}

std::optional<StatedReleaseDate> stated_release_date(const CardText& card) {
  constexpr size_t kMaxLine = 400;
  for (const auto& line : card.lines) {
    if (line.kind == CardLineKind::kBlank || line.kind == CardLineKind::kMarkup) continue;
    const std::string_view text = std::string_view(line.text).substr(0, kMaxLine);
    if (auto month = month_in_card_line(text)) return StatedReleaseDate{*month, line.number};
  }
  return std::nullopt;
}

}  // namespace owl
