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

// A cursor over the bytes at hand (the whole file, or a prefix fetched from
// a remote file) that knows the file's true size. remaining() counts the
// bytes left in the FILE, so every plausibility check and message is the
// same whichever prefix is at hand; a read that runs off the prefix while
// the file goes on is "gguf.needs-more-bytes" (see needs_more), never a
// corruption.
class GgufCursor : public ByteCursor {
 public:
  GgufCursor(Bytes bytes, uint64_t file_size) : ByteCursor(bytes), file_size_(file_size) {}
  uint64_t remaining() const { return offset() <= file_size_ ? file_size_ - offset() : 0; }
  uint64_t file_size() const { return file_size_; }
  // True when `needed` bytes from here lie inside the file but past the
  // prefix at hand: the caller should ask for more bytes, not refuse.
  bool beyond_prefix(uint64_t needed) const {
    return needed > ByteCursor::remaining() && needed <= remaining();
  }

 private:
  uint64_t file_size_;
};

// "gguf.needs-more-bytes": the header goes on past the prefix at hand.
Error needs_more(const GgufCursor& cursor, uint64_t needed);

// "expected <what>, found N bytes left" at the cursor.
Error truncated(const GgufCursor& cursor, std::string_view what, uint64_t needed);

// A u64 length and that many bytes; the view points into the cursor's input.
Expected<std::string_view> read_string(GgufCursor& cursor, std::string_view what);

// A u32 value type id, checked to be one of the 13 GGUF types.
Expected<GgufType> read_value_type(GgufCursor& cursor);

// The value of `type`; `depth` counts the arrays this value sits inside.
Expected<GgufValue> read_value(GgufCursor& cursor, GgufType type, uint32_t depth);

}  // namespace owl::gguf_detail
