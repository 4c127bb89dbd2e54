// Fuzzes the licence engine and the SPDX expression parser with arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "owl/identify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const owl::Identification r = owl::LicenseIndex::builtin().identify(text);
  for (const owl::AddedSpan& span : r.added) {
    if (span.begin > span.end || span.end > size) __builtin_trap();
  }
  if (size <= 4096) {
    const auto expression = owl::parse_license_expression(text);
    if (expression) {
      const auto again = owl::parse_license_expression(owl::to_string(*expression));
      if (!again || owl::to_string(*again) != owl::to_string(*expression)) __builtin_trap();
    }
  }
  return 0;
}
