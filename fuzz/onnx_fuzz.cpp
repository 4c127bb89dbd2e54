// Feeds arbitrary bytes to the ONNX ModelProto reader.
#include <cstddef>
#include <cstdint>

#include "owl/onnx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto model = owl::read_onnx(owl::Bytes(data, size));
  (void)model;
  return 0;
}
