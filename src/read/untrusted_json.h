// Parsing JSON that came from an untrusted file (a safetensors header, a
// config.json) without letting it throw, nest without bound or balloon in
// memory.
//
// nlohmann's DOM parser builds whatever the text describes and silently
// keeps the last of two equal keys. parse_untrusted_json first walks the
// text with a SAX validator that enforces depth and value-count caps and can
// refuse duplicate keys, then builds the DOM only from text that passed.
// Objects keep their file order (ordered_json) so readers can report it.
// Thread-safe: a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "owl/error.h"

namespace owl {

struct JsonLimits {
  size_t max_depth = 64;
  size_t max_values = 4'000'000;
  bool reject_duplicate_keys = false;
};

// Errors carry rules "<rule_prefix>.json-syntax", ".json-too-deep",
// ".json-too-many-values" and ".duplicate-key". Offsets are byte positions
// in `text` plus `base_offset` (the text's position in its file).
Expected<nlohmann::ordered_json> parse_untrusted_json(std::string_view text,
                                                      const JsonLimits& limits,
                                                      const std::string& rule_prefix,
                                                      uint64_t base_offset = 0);

// A short description of a JSON value's type for error messages ("string",
// "array", "negative integer", ...).
std::string json_type_name(const nlohmann::ordered_json& value);

}  // namespace owl
