// Fuzzes the pickle disassembler: any bytes must yield a scan or an Error,
// never a crash, and a scan's safety must agree with its findings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "owl/pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const owl::Bytes bytes(data, size);
  (void)owl::looks_like_pickle(bytes);
  auto scan = owl::scan_pickle(bytes);
  if (!scan) return 0;
  if (scan->end_offset > size || scan->trailing_bytes > size) std::abort();
  if (scan->error && scan->safety == owl::Safety::kSafe) std::abort();
  for (const auto& import : scan->imports) {
    if (import.safety > scan->safety) std::abort();
  }
  // Call sites lie inside the input.
  for (const auto& call : scan->calls) {
    if (call.offset >= size) std::abort();
  }
  return 0;
}
