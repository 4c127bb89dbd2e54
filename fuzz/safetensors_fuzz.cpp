// Fuzzes read_safetensors and checks what a success promises: the tensors
// tile the data buffer exactly and the sizes add up to the input; and the
// ranged path (the header alone, then the weights reader over a ranged
// source) agrees with the whole-bytes path.
#include <cstddef>
#include <cstdint>

#include "owl/safetensors.h"
#include "ranged_agreement.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const owl::Bytes bytes(data, size);
  auto file = owl::read_safetensors(bytes);
  if (auto length = owl::read_safetensors_header_length(bytes, size)) {
    auto header_only = owl::read_safetensors(bytes.first(8 + *length), size);
    if (header_only.has_value() != file.has_value()) __builtin_trap();
    if (!file && header_only.error().message() != file.error().message()) __builtin_trap();
    if (file && header_only->tensors.size() != file->tensors.size()) __builtin_trap();
  }
  owl::fuzz::check_ranged_agrees(bytes, "model.safetensors");
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
