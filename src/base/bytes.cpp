#include "owl/bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

namespace owl {

namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Expected<MappedFile> MappedFile::open(const std::string& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Error::io(path, std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return Error::io(path, std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return Error::io(path, "not a regular file");
  MappedFile file;
  file.path_ = path;
  file.size_ = static_cast<size_t>(info.st_size);
  if (file.size_ == 0) return file;
  void* data = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (data == MAP_FAILED) return Error::io(path, std::string("mmap: ") + std::strerror(errno));
  file.data_ = data;
  return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(other.data_), size_(other.size_), path_(std::move(other.path_)) {
  other.data_ = nullptr;
  other.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) ::munmap(data_, size_);
    data_ = other.data_;
    size_ = other.size_;
    path_ = std::move(other.path_);
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

Expected<std::string> read_text_prefix(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Error::io(path, std::strerror(errno));
  // Size the buffer by the file, not by the cap: zero-filling a 4 MB buffer
  // for a 1 KB licence cost more than identifying it.
  const std::streamoff size = in.tellg();
  const size_t want = size > 0 ? std::min(static_cast<size_t>(size), max_bytes) : max_bytes;
  in.seekg(0);
  std::string text(size > 0 ? want : std::min<size_t>(max_bytes, 64 * 1024), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Error::io(path, "read failed");
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

template <class T>
bool ByteCursor::read_le(T& out) {
  if (remaining() < sizeof(T)) return false;
  std::memcpy(&out, bytes_.data() + pos_, sizeof(T));
  if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
    auto* raw = reinterpret_cast<uint8_t*>(&out);
    for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(raw[i], raw[sizeof(T) - 1 - i]);
  }
  pos_ += sizeof(T);
  return true;
}

bool ByteCursor::read_u8(uint8_t& out) { return read_le(out); }
bool ByteCursor::read_u16(uint16_t& out) { return read_le(out); }
bool ByteCursor::read_u32(uint32_t& out) { return read_le(out); }
bool ByteCursor::read_u64(uint64_t& out) { return read_le(out); }
bool ByteCursor::read_i8(int8_t& out) { return read_le(out); }
bool ByteCursor::read_i16(int16_t& out) { return read_le(out); }
bool ByteCursor::read_i32(int32_t& out) { return read_le(out); }
bool ByteCursor::read_i64(int64_t& out) { return read_le(out); }
bool ByteCursor::read_f32(float& out) { return read_le(out); }
bool ByteCursor::read_f64(double& out) { return read_le(out); }

bool ByteCursor::read_bytes(uint64_t count, Bytes& out) {
  if (count > remaining()) return false;
  out = bytes_.subspan(pos_, static_cast<size_t>(count));
  pos_ += static_cast<size_t>(count);
  return true;
}

bool ByteCursor::read_string(uint64_t length, std::string_view& out) {
  Bytes raw;
  if (!read_bytes(length, raw)) return false;
  out = std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size());
  return true;
}

bool ByteCursor::skip(uint64_t count) {
  if (count > remaining()) return false;
  pos_ += static_cast<size_t>(count);
  return true;
}

bool ByteCursor::seek(uint64_t absolute_offset) {
  if (absolute_offset < base_ || absolute_offset - base_ > bytes_.size()) return false;
  pos_ = static_cast<size_t>(absolute_offset - base_);
  return true;
}

bool checked_mul(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

bool checked_add(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_add_overflow(a, b, &out);
}

}  // namespace owl
