// The NeMo reader over a tar it reads piecewise: the bytes at hand (a
// mapping, an inflated stream) or a file on the Hub fetched by ranges, so
// that a multi-GB .nemo costs its headers, its configs and the judged parts
// of its checkpoints, never the tensor storages. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "owl/bytes.h"
#include "owl/error.h"
#include "owl/nemo.h"
#include "owl/pickle.h"

namespace owl::nemo {

class TarBytes {
 public:
  virtual ~TarBytes() = default;
  virtual uint64_t size() const = 0;
  // Bytes [offset, offset + length) of the tar (inside size()), or the
  // Error that ends the read.
  virtual Expected<Bytes> read(uint64_t offset, uint64_t length) = 0;
  // The member at [offset, offset + size) through the PyTorch reader when
  // its first bytes are a zip or a pickle; nullopt when they are neither
  // (not a checkpoint) or the bytes could not be fetched (see failure()).
  virtual std::optional<Expected<PytorchCheckpoint>> read_checkpoint(uint64_t offset,
                                                                     uint64_t size) = 0;
  // Why a read_checkpoint fetch failed, once one has.
  virtual std::optional<Error> failure() const { return std::nullopt; }
};

// A plain (not gzip'd) tar; "nemo.not-a-tar" without the ustar magic.
Expected<NemoArchive> read_nemo_tar(TarBytes& tar);

}  // namespace owl::nemo
