// Fuzzes read_safetensors and checks what a success promises: the tensors
// tile the data buffer exactly and the sizes add up to the input.
#include <cstddef>
#include <cstdint>

#include "owl/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = owl::read_safetensors(owl::Bytes(data, size));
  if (!file) return 0;
  if (8 + file->header_length + file->data_size != size) __builtin_trap();
  uint64_t covered = 0;
  uint64_t parameters = 0;
  for (const owl::SafetensorsTensor& tensor : file->tensors) {
    if (tensor.begin > tensor.end || tensor.end > file->data_size) __builtin_trap();
    covered += tensor.end - tensor.begin;
    uint64_t elements = 1;
    for (uint64_t dim : tensor.shape) elements *= dim;
    parameters += elements;
  }
  if (covered != file->data_size || parameters != file->parameter_count) __builtin_trap();
  return 0;
}
