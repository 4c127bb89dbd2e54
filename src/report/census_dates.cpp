// When a release dates from, for the census's over-time breakdown.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <span>

#include "owl/census.h"
#include "owl/text.h"

namespace owl {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

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
int month_named(std::string_view token) {
  if (token.size() < 3) return 0;
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i].substr(0, token.size()) == token) return static_cast<int>(i) + 1;
  return 0;
}

bool is_year(std::string_view token) {
  return token.size() == 4 && is_digits(token) && number(token) >= 1990 && number(token) <= 2099;
}

bool is_filler(std::string_view token) {
  if (token == "estimate" || token == "s" || token == "is" || token == "the" || token == "model" ||
      token == "weight" || token == "released" || token == "on")
    return true;
  return std::find(kWeekdays.begin(), kWeekdays.end(), token) != kWeekdays.end();
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
  if (int month = month_named(rest[0]); month > 0)  // April 18, 2024 / Sept 2024
    for (size_t k = 1; k < std::min<size_t>(rest.size(), 4); ++k)
      if (is_year(rest[k])) return format_month(number(rest[k]), month);
  if (is_year(rest[0]) && is_digits(rest[1]) && number(rest[1]) >= 1 && number(rest[1]) <= 12)
    return format_month(number(rest[0]), number(rest[1]));  // 2024-07-26
  if (rest.size() >= 3 && is_digits(rest[0]) && is_year(rest[2])) {
    if (int month = month_named(rest[1]); month > 0)  // 11.July.2022
      return format_month(number(rest[2]), month);
    if (is_digits(rest[1]) && number(rest[0]) >= 1 && number(rest[0]) <= 12)  // 7/26/2024
      return format_month(number(rest[2]), number(rest[0]));
  }
  return std::nullopt;
}

std::optional<std::string> month_in_card(std::string_view body) {
  constexpr size_t kMaxLine = 400;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(start, std::min(end - start, kMaxLine));
    // Cheap filter before lower-casing: every spelling has "elease" or "ELEASE".
    if (line.find("elease") != std::string_view::npos ||
        line.find("ELEASE") != std::string_view::npos)
      if (auto month = month_in_card_line(line)) return month;
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> snapshot_month(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto written = fs::last_write_time(root, ec);
  if (ec) return std::nullopt;
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::file_clock::to_sys(written));
  const std::chrono::year_month_day date{days};
  return format_month(static_cast<int>(date.year()), static_cast<int>(unsigned(date.month())));
}

// "2024-07-26", "2024-07", "2024-07-26T10:00:00Z" -> "2024-07".
std::optional<std::string> month_of_iso(std::string_view text) {
  if (text.size() < 7 || text[4] != '-' || !is_year(text.substr(0, 4)) ||
      !is_digits(text.substr(5, 2)))
    return std::nullopt;
  const int month = number(text.substr(5, 2));
  if (month < 1 || month > 12) return std::nullopt;
  return format_month(number(text.substr(0, 4)), month);
}

std::string_view trim_field(std::string_view field) {
  while (!field.empty() &&
         (std::isspace(static_cast<unsigned char>(field.front())) != 0 || field.front() == '"'))
    field.remove_prefix(1);
  while (!field.empty() &&
         (std::isspace(static_cast<unsigned char>(field.back())) != 0 || field.back() == '"'))
    field.remove_suffix(1);
  return field;
}

}  // namespace

std::optional<std::string> month_in_card_line(std::string_view line) {
  const std::string lower = ascii_lower(line);
  const auto at = lower.find("release date");
  // A licence agreement's "Version Release Date" dates the licence.
  if (at == std::string::npos || lower.find("version release date") != std::string::npos)
    return std::nullopt;
  return month_after(std::string_view(lower).substr(at + 12, 80));
}

std::optional<ReleaseMonth> release_month(const ReleaseAudit& audit, const DateTable* dates) {
  if (dates != nullptr)
    if (auto it = dates->find(audit.release.name); it != dates->end())
      return ReleaseMonth{it->second, "date-from"};
  if (auto month = month_in_card(audit.release.card_body)) return ReleaseMonth{*month, "card"};
  if (audit.release.layout == ReleaseLayout::kHubCacheSnapshot)
    if (auto month = snapshot_month(audit.release.root))
      return ReleaseMonth{*month, "hub-cache-download"};
  return std::nullopt;
}

Expected<DateTable> read_date_table(std::string_view csv_text) {
  DateTable table;
  size_t start = 0;
  int line_number = 0;
  while (start < csv_text.size()) {
    size_t end = csv_text.find('\n', start);
    if (end == std::string_view::npos) end = csv_text.size();
    const std::string_view line = csv_text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (trim_field(line).empty()) continue;
    const auto comma = line.rfind(',');
    const auto name = comma == std::string_view::npos ? line : trim_field(line.substr(0, comma));
    const auto date = comma == std::string_view::npos ? "" : trim_field(line.substr(comma + 1));
    auto month = month_of_iso(date);
    if (!month) {
      if (line_number == 1) continue;  // a header row
      return Error::usage(
          fmt::format("date-from.bad-row: line {}: expected NAME,YYYY-MM[-DD], found \"{}\"",
                      line_number, std::string(line.substr(0, 120))));
    }
    table.insert_or_assign(std::string(name), *month);
  }
  return table;
}

}  // namespace owl
