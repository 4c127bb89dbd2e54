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
// How far the reader got, kept as it goes so that a prefix that runs out
// can say how long the header will probably be (GgufPrefixNeed). Offsets
// are absolute; "done" counts whole items only.
struct GgufProgress {
  enum class Section { kHeader, kKeyValues, kTensorInfos };
  Section section = Section::kHeader;
  uint64_t kv_count = 0, tensor_count = 0;
  uint64_t section_start = 0;  // where the first key/value or tensor info starts
  uint64_t items_done = 0;     // whole key/values or tensor infos read
  uint64_t items_end = 0;      // where the last whole one ends
  // The top-level array value being read, if any.
  bool in_array = false;
  GgufType element_type = GgufType::kUint8;
  uint64_t array_count = 0, elements_start = 0, elements_done = 0, elements_end = 0;
  // The offset the failing read needed bytes up to: a lower bound.
  uint64_t needed_end = 0;
};

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
  // Mutable through a const cursor because needs_more, which reports
  // through const cursors, records where the reader stopped.
  GgufProgress& progress() const { return progress_; }

 private:
  uint64_t file_size_;
  mutable GgufProgress progress_;
};

// Progress marks: the start of the key/value or tensor-info section, and
// one whole key/value or tensor info read.
void enter_section(GgufCursor& cursor, GgufProgress::Section section);
void item_done(GgufCursor& cursor);

// Where the metadata and tensor infos probably end, from where a prefix
// read stopped (gguf_estimate.cpp).
GgufPrefixNeed estimate_header_end(const GgufProgress& progress, uint64_t file_size);

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
