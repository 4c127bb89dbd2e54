// Internal to the report stage: JSON written piece by piece with the bytes
// one dump of the whole document would give, for printers that stream
// (scan --json, the BOMs).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "json_writer.h"

namespace owl::detail {

// Invalid UTF-8 in a hostile header must not abort the whole report.
inline std::string dumped(const nlohmann::ordered_json& value, int indent) {
  std::string out;
  JsonWriter(out, indent).value(value);
  return out;
}

// `text` (pretty-printed) as it sits `depth` spaces deep in the document:
// every line after the first indented, as one dump of the whole would.
inline std::string nested(const std::string& text, size_t depth) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out.append(depth, ' ');
  }
  return out;
}

// `value` as an element of an array `depth` spaces deep: indented, and
// every line after the first too.
inline std::string array_item(const nlohmann::ordered_json& value, size_t depth) {
  std::string out(depth, ' ');
  JsonWriter(out, 2, depth).value(value);
  return out;
}

}  // namespace owl::detail
