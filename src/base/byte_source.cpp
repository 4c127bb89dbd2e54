#include "owl/byte_source.h"

#include <fmt/format.h>

namespace owl {

namespace {

Expected<Bytes> clipped(Bytes all, const std::string& name, uint64_t offset, uint64_t length) {
  if (offset > all.size())
    return Error::corrupt(
        name, offset, "read.past-end",
        fmt::format("asked for bytes at offset {} of a {}-byte file", offset, all.size()));
  const uint64_t available = all.size() - offset;
  return all.subspan(static_cast<size_t>(offset),
                     static_cast<size_t>(length < available ? length : available));
}

}  // namespace

Expected<Bytes> MappedByteSource::read(uint64_t offset, uint64_t length) {
  return clipped(file_.bytes(), name_, offset, length);
}

Expected<Bytes> RangedMemorySource::read(uint64_t offset, uint64_t length) {
  auto range = clipped(Bytes(bytes_.data(), bytes_.size()), name_, offset, length);
  if (range) {
    ++reads_;
    bytes_read_ += range->size();
  }
  return range;
}

}  // namespace owl
