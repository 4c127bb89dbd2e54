#include "owl/bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

namespace owl {

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

const char* file_type_name(unsigned mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

namespace {

Error not_regular(const std::string& path, unsigned mode) {
  return Error::unsupported(
      path, "file.not-regular",
      std::string("expected a regular file, found ") + file_type_name(mode) + "; not opened");
}

}  // namespace

Expected<FileDescriptor> open_regular_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return Error::io(path, std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return not_regular(path, info.st_mode);
  // O_NONBLOCK: if the path became a FIFO since stat(), open() returns at
  // once instead of waiting for a writer; fstat() below then refuses it.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) return Error::io(path, std::strerror(errno));
  if (::fstat(fd.get(), &info) != 0) return Error::io(path, std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return not_regular(path, info.st_mode);
  return fd;
}

Expected<MappedFile> MappedFile::open(const std::string& path) {
  auto fd = open_regular_file(path);
  if (!fd) return fd.error();
  struct stat info {};
  if (::fstat(fd->get(), &info) != 0) return Error::io(path, std::strerror(errno));
  MappedFile file;
  file.path_ = path;
  file.size_ = static_cast<size_t>(info.st_size);
  if (file.size_ == 0) return file;
  if (file.size_ <= kReadNotMapBytes) {
    file.read_.resize(file.size_);
    size_t got = 0;
    while (got < file.size_) {
      const ssize_t n =
          ::pread(fd->get(), file.read_.data() + got, file.size_ - got, static_cast<off_t>(got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error::io(path, std::string("read: ") + std::strerror(errno));
      if (n == 0) break;  // shrank since fstat: what is there is the file
      got += static_cast<size_t>(n);
    }
    file.size_ = got;
    return file;
  }
  void* data = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, fd->get(), 0);
  if (data == MAP_FAILED) return Error::io(path, std::string("mmap: ") + std::strerror(errno));
  file.data_ = data;
  return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(other.data_),
      read_(std::move(other.read_)),
      size_(other.size_),
      path_(std::move(other.path_)) {
  other.data_ = nullptr;
  other.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) ::munmap(data_, size_);
    data_ = other.data_;
    read_ = std::move(other.read_);
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
  auto fd = open_regular_file(path);
  if (!fd) return fd.error();
  struct stat info {};
  if (::fstat(fd->get(), &info) != 0) return Error::io(path, std::strerror(errno));
  // Size the buffer by the file, not by the cap: zero-filling a 4 MB buffer
  // for a 1 KB licence cost more than identifying it.
  const auto size = static_cast<uint64_t>(info.st_size);
  const size_t want = size > 0 ? static_cast<size_t>(std::min<uint64_t>(size, max_bytes))
                               : std::min<size_t>(max_bytes, 64 * 1024);
  std::string text(want, '\0');
  size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd->get(), text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::io(path, std::string("read failed: ") + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  text.resize(got);
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
