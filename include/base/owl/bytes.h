// Bounded access to untrusted bytes.
//
// MappedFile maps a file read-only so readers can look at its header without
// reading the rest: pages are only touched where a reader looks, which keeps
// "never read a whole weights file" true even for 100 GB checkpoints.
// ByteCursor decodes little-endian values from a span and refuses to step
// past its end: every read says how many bytes it needs first, so a hostile
// length field becomes an Error instead of an overread or a huge allocation.
// Neither type is thread-safe for concurrent mutation; a const MappedFile may
// be read from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"

namespace owl {

using Bytes = std::span<const uint8_t>;

// An open file descriptor, closed on destruction.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor();
  int get() const { return fd_; }

 private:
  int fd_;
};

// What a path is, by its stat() mode, for messages: "a FIFO", "a socket",
// "a character device", "a block device", "a directory", "a regular file".
const char* file_type_name(unsigned mode);

// Opens `path` read-only if, and only if, it is a regular file (symlinks
// followed). A FIFO, socket or device is refused by type before open() is
// called, and the open itself does not block, so a FIFO swapped in between
// the two checks cannot hang the caller either. The error's rule is
// "file.not-regular".
Expected<FileDescriptor> open_regular_file(const std::string& path);

class MappedFile {
 public:
  // Maps `path` read-only; a small file (kReadNotMapBytes or less) is read
  // into memory instead. An empty file is an empty span.
  static Expected<MappedFile> open(const std::string& path);
  // Mapping a file and unmapping it costs more than reading it below this:
  // with worker threads each munmap also interrupts every core to flush its
  // TLB (measured on scans of 10,000 small releases).
  static constexpr size_t kReadNotMapBytes = 64 * 1024;

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  Bytes bytes() const {
    return {data_ != nullptr ? static_cast<const uint8_t*>(data_) : read_.data(), size_};
  }
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  void* data_ = nullptr;       // the mapping, if mapped
  std::vector<uint8_t> read_;  // the bytes, if read
  size_t size_ = 0;
  std::string path_;
};

// Reads at most `max_bytes` from the start of a file into a string; used for
// text documents (licences, cards) where a cap keeps a mislabelled 4 GB file
// from being slurped.
Expected<std::string> read_text_prefix(const std::string& path, size_t max_bytes);

class ByteCursor {
 public:
  explicit ByteCursor(Bytes bytes, uint64_t base_offset = 0) : bytes_(bytes), base_(base_offset) {}

  uint64_t offset() const { return base_ + pos_; }  // absolute offset in the file
  uint64_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }

  // Each returns false (and consumes nothing) when fewer bytes remain than
  // needed; callers turn that into an Error naming what they were reading.
  bool read_u8(uint8_t& out);
  bool read_u16(uint16_t& out);
  bool read_u32(uint32_t& out);
  bool read_u64(uint64_t& out);
  bool read_i8(int8_t& out);
  bool read_i16(int16_t& out);
  bool read_i32(int32_t& out);
  bool read_i64(int64_t& out);
  bool read_f32(float& out);
  bool read_f64(double& out);
  bool read_bytes(uint64_t count, Bytes& out);
  bool read_string(uint64_t length, std::string_view& out);
  bool skip(uint64_t count);
  bool seek(uint64_t absolute_offset);

 private:
  template <class T>
  bool read_le(T& out);

  Bytes bytes_;
  uint64_t base_ = 0;
  size_t pos_ = 0;
};

// Overflow-checked arithmetic for sizes computed from header fields.
bool checked_mul(uint64_t a, uint64_t b, uint64_t& out);
bool checked_add(uint64_t a, uint64_t b, uint64_t& out);

}  // namespace owl
