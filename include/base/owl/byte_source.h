// Where a reader's bytes come from: one seam for local and remote files.
//
// A local file is mapped read-only and hands readers the whole span at once
// (`whole()`), so pages are touched only where a reader looks. A file on the
// Hugging Face Hub is a `ByteSource` whose `read` fetches byte ranges on
// demand (owl_hub): readers that know where their headers are (safetensors,
// GGUF, a zip's central directory and members) ask for just those ranges,
// and never learn whether the bytes came from a disk or the network.
// Not thread-safe: one reader at a time per source.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // The file's name in errors (its path relative to the release).
  virtual const std::string& name() const = 0;
  // The file's full length, known before any byte is read.
  virtual uint64_t size() const = 0;
  // The whole file as one span when it is at hand without fetching (a local
  // mapping); nullopt for a remote file, whose bytes come through `read`.
  virtual std::optional<Bytes> whole() const { return std::nullopt; }
  // Bytes [offset, offset + length), clipped to size(). The span stays valid
  // as long as the source lives. A remote source fetches the range with one
  // request (ask for what you need at once); a failure is an Error naming
  // the file and the rule ("hub.*"). An offset past the end is an Error.
  virtual Expected<Bytes> read(uint64_t offset, uint64_t length) = 0;
};

// A local file, mapped read-only.
class MappedByteSource final : public ByteSource {
 public:
  MappedByteSource(MappedFile file, std::string name)
      : file_(std::move(file)), name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return file_.size(); }
  std::optional<Bytes> whole() const override { return file_.bytes(); }
  Expected<Bytes> read(uint64_t offset, uint64_t length) override;

 private:
  MappedFile file_;
  std::string name_;
};

// Bytes held in memory, served only through `read` (no `whole()`), so a
// test can drive the ranged path of every reader over a corpus file and
// count what it asked for.
class RangedMemorySource final : public ByteSource {
 public:
  RangedMemorySource(std::vector<uint8_t> bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return bytes_.size(); }
  Expected<Bytes> read(uint64_t offset, uint64_t length) override;

  size_t reads() const { return reads_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::vector<uint8_t> bytes_;
  std::string name_;
  size_t reads_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace owl
