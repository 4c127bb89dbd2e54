#include "read/gguf_values.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "read/gguf_format.h"

namespace owl::gguf_detail {

namespace {

using gguf_format::kArrayHeaderBytes;
using gguf_format::kMaxArrayNesting;
using gguf_format::kStringHeaderBytes;

// Bytes one element of `type` takes; for strings and arrays, the least.
uint64_t min_value_bytes(GgufType type) {
  switch (type) {
    case GgufType::kUint8:
    case GgufType::kInt8:
    case GgufType::kBool: return 1;
    case GgufType::kUint16:
    case GgufType::kInt16: return 2;
    case GgufType::kUint32:
    case GgufType::kInt32:
    case GgufType::kFloat32: return 4;
    case GgufType::kUint64:
    case GgufType::kInt64:
    case GgufType::kFloat64: return 8;
    case GgufType::kString: return kStringHeaderBytes;
    case GgufType::kArray: return kArrayHeaderBytes;
  }
  return 1;
}

bool has_fixed_size(GgufType type) {
  return type != GgufType::kString && type != GgufType::kArray && type != GgufType::kBool;
}

template <class Stored, class Raw>
bool read_as(GgufCursor& cursor, bool (ByteCursor::*read)(Raw&), GgufValue& out) {
  Raw raw{};
  if (!(cursor.*read)(raw)) return false;
  out = static_cast<Stored>(raw);
  return true;
}

// ggml reads any non-zero byte as true; a 2 there is a sign of a broken or
// crafted writer, so it is refused rather than guessed at.
Expected<GgufValue> read_bool(GgufCursor& cursor) {
  const uint64_t at = cursor.offset();
  uint8_t raw = 0;
  if (!cursor.read_u8(raw)) return truncated(cursor, "a bool value", 1);
  if (raw > 1) {
    return Error::corrupt("", at, "gguf.bool-not-0-or-1",
                          fmt::format("expected a bool byte of 0 or 1, found {}", raw));
  }
  return GgufValue(raw == 1);
}

Expected<GgufValue> read_number(GgufCursor& cursor, GgufType type) {
  GgufValue value;
  bool ok = false;
  switch (type) {
    case GgufType::kUint8: ok = read_as<uint64_t>(cursor, &ByteCursor::read_u8, value); break;
    case GgufType::kInt8: ok = read_as<int64_t>(cursor, &ByteCursor::read_i8, value); break;
    case GgufType::kUint16: ok = read_as<uint64_t>(cursor, &ByteCursor::read_u16, value); break;
    case GgufType::kInt16: ok = read_as<int64_t>(cursor, &ByteCursor::read_i16, value); break;
    case GgufType::kUint32: ok = read_as<uint64_t>(cursor, &ByteCursor::read_u32, value); break;
    case GgufType::kInt32: ok = read_as<int64_t>(cursor, &ByteCursor::read_i32, value); break;
    case GgufType::kFloat32: ok = read_as<double>(cursor, &ByteCursor::read_f32, value); break;
    case GgufType::kUint64: ok = read_as<uint64_t>(cursor, &ByteCursor::read_u64, value); break;
    case GgufType::kInt64: ok = read_as<int64_t>(cursor, &ByteCursor::read_i64, value); break;
    case GgufType::kFloat64: ok = read_as<double>(cursor, &ByteCursor::read_f64, value); break;
    default: break;
  }
  if (!ok) {
    return truncated(cursor, fmt::format("a {} value", to_string(type)), min_value_bytes(type));
  }
  return value;
}

// A top-level array's elements are counted as they are read, so a prefix
// that ends inside a vocabulary can project where the array ends.
void start_array(GgufCursor& cursor, GgufType element_type, uint64_t count, uint32_t depth) {
  if (depth != 1) return;
  GgufProgress& progress = cursor.progress();
  progress.in_array = true;
  progress.element_type = element_type;
  progress.array_count = count;
  progress.elements_start = cursor.offset();
  progress.elements_done = 0;
  progress.elements_end = cursor.offset();
}

void element_done(GgufCursor& cursor, uint64_t elements, uint32_t depth) {
  if (depth != 1) return;
  cursor.progress().elements_done += elements;
  cursor.progress().elements_end = cursor.offset();
}

// Elements past the kept head: fixed-size ones are skipped in one step,
// the rest are still decoded one by one so every byte is validated.
Status skip_values(GgufCursor& cursor, GgufType type, uint64_t count, uint32_t depth) {
  if (has_fixed_size(type)) {
    // The caller already checked count * size against the bytes left.
    if (!cursor.skip(count * min_value_bytes(type))) {
      return truncated(cursor, "array elements", count * min_value_bytes(type));
    }
    element_done(cursor, count, depth);
    return Ok{};
  }
  for (uint64_t i = 0; i < count; ++i) {
    if (type == GgufType::kString) {
      auto skipped = read_string(cursor, "an array string");
      if (!skipped) return skipped.error();
    } else {
      auto skipped = read_value(cursor, type, depth);
      if (!skipped) return skipped.error();
    }
    element_done(cursor, 1, depth);
  }
  return Ok{};
}

Expected<GgufValue> read_array(GgufCursor& cursor, uint32_t depth) {
  const uint64_t start = cursor.offset();
  if (depth > kMaxArrayNesting) {
    return Error::limit(
        "", start, "gguf.array-nesting-too-deep",
        fmt::format("expected at most {} levels of nested arrays, found more", kMaxArrayNesting));
  }
  auto element_type = read_value_type(cursor);
  if (!element_type) return element_type.error();
  uint64_t count = 0;
  if (!cursor.read_u64(count)) return truncated(cursor, "an array length", 8);
  uint64_t needed = 0;
  if (!checked_mul(count, min_value_bytes(*element_type), needed) || needed > cursor.remaining()) {
    return Error::corrupt("", start, "gguf.array-past-end",
                          fmt::format("an array of {} {} values needs at least {} bytes per "
                                      "element, found {} bytes left in the file",
                                      count, to_string(*element_type),
                                      min_value_bytes(*element_type), cursor.remaining()));
  }
  GgufArray array;
  array.element_type = *element_type;
  array.count = count;
  const uint64_t kept = std::min<uint64_t>(count, kGgufArrayKeep);
  array.head.reserve(static_cast<size_t>(kept));
  start_array(cursor, *element_type, count, depth);
  for (uint64_t i = 0; i < kept; ++i) {
    auto element = read_value(cursor, *element_type, depth);
    if (!element) return element.error();
    array.head.push_back(std::move(*element));
    element_done(cursor, 1, depth);
  }
  if (auto rest = skip_values(cursor, *element_type, count - kept, depth); !rest) {
    return rest.error();
  }
  return GgufValue(std::move(array));
}

}  // namespace

void enter_section(GgufCursor& cursor, GgufProgress::Section section) {
  GgufProgress& progress = cursor.progress();
  progress.section = section;
  progress.section_start = cursor.offset();
  progress.items_done = 0;
  progress.items_end = cursor.offset();
  progress.in_array = false;
}

void item_done(GgufCursor& cursor) {
  GgufProgress& progress = cursor.progress();
  ++progress.items_done;
  progress.items_end = cursor.offset();
  progress.in_array = false;
}

Error needs_more(const GgufCursor& cursor, uint64_t needed) {
  uint64_t needed_end = 0;
  cursor.progress().needed_end =
      checked_add(cursor.offset(), needed, needed_end) ? needed_end : cursor.file_size();
  return Error::limit(
      "", cursor.offset(), std::string(kGgufNeedsMoreBytes),
      fmt::format("the header goes on past the {} bytes at hand (needs {} more "
                  "bytes of the {}-byte file)",
                  cursor.offset() + cursor.ByteCursor::remaining(), needed, cursor.file_size()));
}

Error truncated(const GgufCursor& cursor, std::string_view what, uint64_t needed) {
  if (cursor.beyond_prefix(needed)) return needs_more(cursor, needed);
  return Error::corrupt("", cursor.offset(), "gguf.truncated",
                        fmt::format("expected {} ({} bytes), found {} bytes left in the file", what,
                                    needed, cursor.remaining()));
}

Expected<std::string_view> read_string(GgufCursor& cursor, std::string_view what) {
  const uint64_t start = cursor.offset();
  uint64_t length = 0;
  if (!cursor.read_u64(length)) {
    return truncated(cursor, fmt::format("the length of {}", what), kStringHeaderBytes);
  }
  std::string_view text;
  if (!cursor.read_string(length, text)) {
    if (cursor.beyond_prefix(length)) return needs_more(cursor, length);
    return Error::corrupt("", start, "gguf.string-past-end",
                          fmt::format("{} claims {} bytes, found {} bytes left in the file", what,
                                      length, cursor.remaining()));
  }
  return text;
}

Expected<GgufType> read_value_type(GgufCursor& cursor) {
  const uint64_t at = cursor.offset();
  uint32_t raw = 0;
  if (!cursor.read_u32(raw)) return truncated(cursor, "a value type", 4);
  if (raw >= gguf_format::kValueTypeCount) {
    return Error::corrupt("", at, "gguf.unknown-value-type",
                          fmt::format("expected a value type from 0 to {}, found {}",
                                      gguf_format::kValueTypeCount - 1, raw));
  }
  return static_cast<GgufType>(raw);
}

Expected<GgufValue> read_value(GgufCursor& cursor, GgufType type, uint32_t depth) {
  switch (type) {
    case GgufType::kBool: return read_bool(cursor);
    case GgufType::kString: {
      auto text = read_string(cursor, "a string value");
      if (!text) return text.error();
      return GgufValue(std::string(*text));
    }
    case GgufType::kArray: return read_array(cursor, depth + 1);
    default: return read_number(cursor, type);
  }
}

}  // namespace owl::gguf_detail
