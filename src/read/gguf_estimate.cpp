// How long a GGUF header probably is, from how far a prefix read got. The
// ranged (Hub) reader sizes its next fetch by this instead of doubling
// blindly: a 128k-token vocabulary is several MB of strings, and the mean
// size of the tokens read so far says how far the array goes on.
#include <algorithm>

#include "owl/gguf.h"
#include "read/gguf_values.h"

namespace owl::gguf_detail {

namespace {

// A tensor info before any has been read: a name like
// "blk.12.attn_output.weight" (8 + 25 bytes), two dimensions (4 + 16),
// the type (4) and the offset (8).
constexpr uint64_t kTypicalTensorInfoBytes = 65;

// Sums and products of untrusted counts saturate at the file size: an
// estimate never points past the file.
uint64_t add_capped(uint64_t a, uint64_t b, uint64_t cap) {
  uint64_t sum = 0;
  return checked_add(a, b, sum) ? std::min(sum, cap) : cap;
}

uint64_t mul_capped(uint64_t a, uint64_t b, uint64_t cap) {
  uint64_t product = 0;
  return checked_mul(a, b, product) ? std::min(product, cap) : cap;
}

// The mean size of `done` items spanning [start, end), or `fallback`.
uint64_t mean_size(uint64_t start, uint64_t end, uint64_t done, uint64_t fallback) {
  if (done == 0 || end <= start) return fallback;
  return std::max<uint64_t>(1, (end - start) / done);
}

// Where the array being read ends: its element count at the mean element
// size so far (the exact size for fixed-size elements, whose first
// element counts as the mean).
uint64_t array_end(const GgufProgress& progress, uint64_t file_size) {
  const uint64_t left =
      progress.array_count - std::min(progress.array_count, progress.elements_done);
  const uint64_t mean =
      mean_size(progress.elements_start, progress.elements_end, progress.elements_done, 1);
  return add_capped(progress.elements_end, mul_capped(left, mean, file_size), file_size);
}

}  // namespace

GgufPrefixNeed estimate_header_end(const GgufProgress& progress, uint64_t file_size) {
  GgufPrefixNeed need;
  need.needed_end = std::min(progress.needed_end, file_size);
  if (progress.section == GgufProgress::Section::kHeader) return need;
  // The item the reader stopped in ends at least where its failing read
  // needed bytes, and, inside an array, where the array projects to.
  uint64_t item_end = need.needed_end;
  if (progress.in_array) item_end = std::max(item_end, array_end(progress, file_size));
  const uint64_t items_seen = progress.items_done + 1;
  const uint64_t mean_item = mean_size(progress.section_start, item_end, items_seen, 1);
  uint64_t end = item_end;
  uint64_t tensor_infos_left = progress.tensor_count;
  if (progress.section == GgufProgress::Section::kKeyValues) {
    const uint64_t kvs_left = progress.kv_count - std::min(progress.kv_count, items_seen);
    end = add_capped(end, mul_capped(kvs_left, mean_item, file_size), file_size);
    end = add_capped(end, mul_capped(tensor_infos_left, kTypicalTensorInfoBytes, file_size),
                     file_size);
  } else {
    tensor_infos_left -= std::min(tensor_infos_left, items_seen);
    const uint64_t mean_info =
        progress.items_done > 0 ? mean_item : std::max(mean_item, kTypicalTensorInfoBytes);
    end = add_capped(end, mul_capped(tensor_infos_left, mean_info, file_size), file_size);
  }
  need.header_end = std::max(end, need.needed_end);
  return need;
}

}  // namespace owl::gguf_detail
