#include "owl/units.h"

#include <fmt/format.h>

#include <iterator>

namespace owl {

std::string human_bytes(uint64_t bytes) {
  constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1000 && unit + 1 < std::size(kUnits)) {
    value /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string human_count(uint64_t count) {
  const auto scaled = [&](double divisor, const char* suffix, const char* spec) {
    return fmt::format(fmt::runtime(spec), static_cast<double>(count) / divisor, suffix);
  };
  if (count >= 1'000'000'000) return scaled(1e9, "B", "{:.2f}{}");
  if (count >= 1'000'000) return scaled(1e6, "M", "{:.1f}{}");
  if (count >= 1'000) return scaled(1e3, "K", "{:.1f}{}");
  return std::to_string(count);
}

std::string one_line(std::string_view text, size_t limit) {
  std::string flat;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (flat.empty() || flat.back() == ' ')) continue;
    flat.push_back(space ? ' ' : c);
  }
  if (flat.size() <= limit) return flat;
  // Cut on a UTF-8 boundary so the ellipsis never splits a character.
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  return flat.substr(0, cut) + "…";
}

}  // namespace owl
