// Fuzzes the checkpoint reader (zip via libzip, legacy and plain pickle
// streams, .npy): any bytes must yield a checkpoint or an Error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "owl/pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto checkpoint = owl::read_pytorch(owl::Bytes(data, size));
  if (!checkpoint) return 0;
  for (const auto& [name, scan] : checkpoint->pickles) {
    if (scan.safety > checkpoint->safety) std::abort();
  }
  return 0;
}
