// Deployment-profile values as people type them: user counts, amounts and
// region codes, checked the same way for the TOML file and the flags.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "owl/profile.h"

namespace owl {

namespace {

constexpr std::string_view kEmbeddedRegions =
#include "owl/regions_data.inc"
    ;

// The value as typed, in double quotes with control bytes escaped, so a
// hostile or mistyped argument reaches the terminal as visible text. JSON
// string escaping is exactly that.
std::string quoted(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_code(std::string_view text) {
  return text.size() == 2 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool printable(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

}  // namespace

Expected<uint64_t> parse_user_count(std::string_view text) {
  // Digits only: from_chars would take neither a sign nor a fraction, but
  // saying so up front gives one message for "-3", "1.5" and "2.5e6".
  uint64_t users = 0;
  if (!all_digits(text))
    return Error::usage(fmt::format(
        "expected a whole number of users in decimal digits (0 or more), found {}", quoted(text)));
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), users);
  if (status != std::errc{} || end != text.data() + text.size())
    return Error::usage(
        fmt::format("expected a whole number of users up to {}, found {}", UINT64_MAX, text));
  return users;
}

Status check_usd_amount(double amount) {
  if (!std::isfinite(amount) || amount < 0 || amount > kMaxUsdAmount)
    return Error::usage(fmt::format("expected an amount in US dollars from 0 to {:g}, found {}",
                                    kMaxUsdAmount, amount));
  return Ok{};
}

Expected<double> parse_usd_amount(std::string_view text) {
  double amount = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), amount);
  if (text.empty() || status != std::errc{} || end != text.data() + text.size())
    return Error::usage(
        fmt::format("expected an amount in US dollars such as 1500000, found {}", quoted(text)));
  if (auto checked = check_usd_amount(amount); !checked) return checked.error();
  return amount + 0.0;  // "-0" is 0
}

Expected<std::vector<RegionCode>> parse_region_table(std::string_view tsv) {
  std::vector<RegionCode> table;
  size_t line_number = 0;
  for (size_t start = 0; start < tsv.size();) {
    const size_t end = std::min(tsv.find('\n', start), tsv.size());
    const std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const auto bad = [&](std::string_view why) {
      return Error::corrupt("data/regions.tsv", std::nullopt, "regions.bad-line",
                            fmt::format("line {}: {}: {}", line_number, why, quoted(line)));
    };
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return bad("expected CODE<TAB>NAME");
    const std::string_view code = line.substr(0, tab);
    std::string_view name = line.substr(tab + 1);
    std::string_view group;
    if (const size_t second = name.find('\t'); second != std::string_view::npos) {
      group = name.substr(second + 1);
      name = name.substr(0, second);
      if (group != "EU") return bad("the only group is EU");
    }
    if (!is_code(code)) return bad("expected a code of two upper-case letters");
    if (name.empty() || !printable(name)) return bad("expected a printable name");
    if (!table.empty() && code <= table.back().code)
      return bad(fmt::format("codes must be unique and ascending, but {} follows {}", code,
                             table.back().code));
    table.push_back({std::string(code), std::string(name), std::string(group)});
  }
  if (table.empty())
    return Error::corrupt("data/regions.tsv", std::nullopt, "regions.bad-line", "no codes");
  return table;
}

const Expected<std::vector<RegionCode>>& builtin_region_table() {
  static const Expected<std::vector<RegionCode>> table = parse_region_table(kEmbeddedRegions);
  return table;
}

Expected<std::string> canonical_region(std::string_view text) {
  std::string code(text);
  for (char& c : code)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (code == "EU") return code;
  if (code == "UK") return std::string("GB");
  const auto& table = builtin_region_table();
  if (!table) return table.error();
  const auto found = std::lower_bound(
      table->begin(), table->end(), code,
      [](const RegionCode& row, const std::string& wanted) { return row.code < wanted; });
  if (found != table->end() && found->code == code) return code;
  return Error::usage(fmt::format(
      "unknown region {}: expected an ISO 3166-1 alpha-2 code such as \"DE\" or \"US\", or \"EU\"",
      quoted(text)));
}

}  // namespace owl
