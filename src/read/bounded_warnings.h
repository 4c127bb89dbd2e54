// Warnings from untrusted input are capped: a file with a million oddities
// must not produce a million messages. Header-only; not thread-safe per
// vector.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace owl {

inline constexpr size_t kMaxWarningsPerFile = 32;

// Appends `warning` while fewer than kMaxWarningsPerFile are held; the first
// one past the cap becomes a single "<rule_prefix>.too-many-warnings" note.
inline void add_bounded_warning(std::vector<std::string>& warnings, std::string warning,
                                std::string_view rule_prefix) {
  if (warnings.size() < kMaxWarningsPerFile) {
    warnings.push_back(std::move(warning));
  } else if (warnings.size() == kMaxWarningsPerFile) {
    warnings.push_back(std::string(rule_prefix) + ".too-many-warnings: further warnings omitted");
  }
}

}  // namespace owl
