// When a release dates from, for the census's over-time breakdown.
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <filesystem>

#include "owl/census.h"
#include "owl/lineage.h"
#include "owl/text.h"

namespace owl {

namespace {

std::optional<std::string> snapshot_month(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto written = fs::last_write_time(root, ec);
  if (ec) return std::nullopt;
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::file_clock::to_sys(written));
  const std::chrono::year_month_day date{days};
  return fmt::format("{:04}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()));
}

// "2024-05-01T12:00:00.000Z" -> "2024-05", checked digit by digit (it
// came off the network).
std::optional<std::string> hub_created_month(const std::string& stamp) {
  if (stamp.size() < 7 || stamp[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6})
    if (std::isdigit(static_cast<unsigned char>(stamp[i])) == 0) return std::nullopt;
  if (stamp.size() > 7 && stamp[7] != '-') return std::nullopt;
  const int month = (stamp[5] - '0') * 10 + (stamp[6] - '0');
  if (month < 1 || month > 12) return std::nullopt;
  return stamp.substr(0, 7);
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

std::optional<ReleaseMonth> release_month(const ReleaseAudit& audit, const DateTable* dates) {
  if (dates != nullptr)
    if (auto it = dates->find(audit.release.name); it != dates->end())
      return ReleaseMonth{it->second, "date-from"};
  // A release read from the Hub: the month the API says the repo was created.
  if (audit.release.hub && audit.release.hub->created_at)
    if (auto month = hub_created_month(*audit.release.hub->created_at))
      return ReleaseMonth{*month, "hub-created"};
  if (audit.card.release_date) return ReleaseMonth{audit.card.release_date->month, "card"};
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
