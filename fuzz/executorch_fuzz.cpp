// Fuzzes the ExecuTorch reader's hand-written FlatBuffer walk: any bytes
// must yield a program or an Error, and the verdict must be the worst of the
// findings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "owl/executorch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto program = owl::read_executorch(owl::Bytes(data, size));
  if (!program) return 0;
  if (program->findings.empty() != (program->safety == owl::Safety::kSafe)) std::abort();
  return 0;
}
