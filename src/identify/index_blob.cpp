// The generated index bytes, compiled into the library.
#include <cstddef>
#include <cstdint>
#include <span>

namespace owl::identify {
namespace {
#include "identify/generated/license_index.inc"
}  // namespace

// The trailing NUL of the string literal is not part of the index.
std::span<const uint8_t> builtin_index_bytes() {
  return {kLicenseIndexBytes, sizeof(kLicenseIndexBytes) - 1};
}

}  // namespace owl::identify
