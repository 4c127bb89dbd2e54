// Untrusted text (tensor names, keys, values) quoted for an error or warning
// message: clipped, with control bytes escaped, so a hostile file cannot
// flood a message or smuggle terminal escape sequences into the report.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace owl {

inline std::string quote_untrusted(std::string_view text, size_t max_bytes = 96) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += static_cast<char>(byte);
    }
  }
  out += text.size() > max_bytes ? "\"..." : "\"";
  return out;
}

}  // namespace owl
