// Fuzzes the Keras readers: the .keras archive (libzip, config.json judged)
// and, for bytes with the HDF5 signature, the legacy .h5 reader (libhdf5).
// Any bytes must yield a model or an Error, and the verdict must be the
// worst of the findings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "owl/keras.h"

namespace {

void check(const owl::Expected<owl::KerasModel>& model) {
  if (!model) return;
  if (model->findings.empty() != (model->safety == owl::Safety::kSafe)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const owl::Bytes bytes(data, size);
  check(owl::read_keras_archive(bytes));
  if (owl::looks_like_hdf5(bytes)) check(owl::read_keras_h5(bytes));
  return 0;
}
