// Fuzzes the NeMo reader: the hand-written tar header walk, gzip inflate,
// the YAML config and the checkpoints inside. Any bytes must yield an
// archive or an Error, and the verdict must be the worst of the findings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "owl/nemo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto archive = owl::read_nemo(owl::Bytes(data, size));
  if (!archive) return 0;
  if (archive->findings.empty() != (archive->safety == owl::Safety::kSafe)) std::abort();
  return 0;
}
