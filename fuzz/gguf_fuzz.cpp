// Feeds arbitrary bytes to the GGUF reader, and the licence/lineage
// gathering on whatever it accepts.
#include <cstddef>
#include <cstdint>

#include "owl/gguf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = owl::read_gguf(owl::Bytes(data, size));
  if (file.has_value()) {
    const owl::GgufGeneral general = owl::gguf_general(*file);
    (void)general;
  }
  return 0;
}
