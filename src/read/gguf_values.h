// Decoding of single GGUF values (scalars, strings, arrays) from a cursor.
// Internal to the GGUF reader; every function checks the bytes that remain
// before it reads, and arrays keep only their first kGgufArrayKeep elements
// while the rest are validated and skipped.
#pragma once

#include <cstdint>
#include <string_view>

#include "owl/bytes.h"
#include "owl/error.h"
#include "owl/gguf.h"

namespace owl::gguf_detail {

// "expected <what>, found N bytes left" at the cursor.
Error truncated(const ByteCursor& cursor, std::string_view what, uint64_t needed);

// A u64 length and that many bytes; the view points into the cursor's input.
Expected<std::string_view> read_string(ByteCursor& cursor, std::string_view what);

// A u32 value type id, checked to be one of the 13 GGUF types.
Expected<GgufType> read_value_type(ByteCursor& cursor);

// The value of `type`; `depth` counts the arrays this value sits inside.
Expected<GgufValue> read_value(ByteCursor& cursor, GgufType type, uint32_t depth);

}  // namespace owl::gguf_detail
