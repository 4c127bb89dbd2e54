// A std::string built by a test, seen as the byte span readers take.
#pragma once

#include <cstdint>
#include <string>

#include "owl/bytes.h"

namespace owl::testing {

// The string must outlive the span.
inline Bytes bytes_of(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace owl::testing
