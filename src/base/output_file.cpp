#include "owl/output_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace owl {

namespace fs = std::filesystem;

// Beside the target, so the rename stays on one filesystem.
AtomicOutputFile::AtomicOutputFile(std::string path)
    : path_(std::move(path)),
      temporary_(path_ + fmt::format(".tmp{}", static_cast<unsigned long>(::getpid()))),
      out_(temporary_, std::ios::binary | std::ios::trunc) {}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  fs::remove(temporary_, ignored);
}

Status AtomicOutputFile::commit() {
  out_.close();
  if (!out_) return Error::io(path_, "could not write " + temporary_);
  std::error_code ec;
  fs::rename(temporary_, path_, ec);
  if (ec) return Error::io(path_, "could not rename the finished file into place: " + ec.message());
  committed_ = true;
  return Ok{};
}

SpillBuffer::SpillBuffer() = default;

SpillBuffer::~SpillBuffer() {
  if (file_ != nullptr) std::fclose(file_);
}

void SpillBuffer::append(std::string_view text) {
  size_ += text.size();
  if (error_) return;
  if (file_ == nullptr) {
    memory_.append(text);
    if (memory_.size() > kMemoryBytes) spill();
    return;
  }
  write_to_file(text);
}

void SpillBuffer::write_to_file(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
    error_ = Error::io("temporary file", std::string("could not write: ") + std::strerror(errno));
}

// Made and unlinked at once: the descriptor is the only name it has.
void SpillBuffer::spill() {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/owl-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    error_ =
        Error::io(pattern, std::string("could not make a temporary file: ") + std::strerror(errno));
    memory_.clear();
    return;
  }
  ::unlink(name.data());
  file_ = ::fdopen(fd, "w+b");
  if (file_ == nullptr) {
    ::close(fd);
    error_ = Error::io(pattern, "could not open the temporary file");
    memory_.clear();
    return;
  }
  write_to_file(memory_);
  std::string().swap(memory_);
}

Status SpillBuffer::read(const std::function<void(std::string_view)>& chunk) {
  if (error_) return *error_;
  if (file_ == nullptr) {
    chunk(memory_);
    return Ok{};
  }
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    return Error::io("temporary file", std::string("could not read back: ") + std::strerror(errno));
  std::string block(size_t{1} << 16, '\0');
  for (;;) {
    const size_t got = std::fread(block.data(), 1, block.size(), file_);
    if (got > 0) chunk(std::string_view(block.data(), got));
    if (got < block.size()) break;
  }
  const bool failed = std::ferror(file_) != 0;
  std::fseek(file_, 0, SEEK_END);  // further appends go after what is there
  if (failed) return Error::io("temporary file", "could not read back");
  return Ok{};
}

Status SpillBuffer::copy_to(std::ostream& out) {
  return read([&](std::string_view chunk) {
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  });
}

SpillBuffer::Buf::int_type SpillBuffer::Buf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char byte = traits_type::to_char_type(c);
  owner_.append(std::string_view(&byte, 1));
  return c;
}

std::streamsize SpillBuffer::Buf::xsputn(const char* text, std::streamsize count) {
  owner_.append(std::string_view(text, static_cast<size_t>(count)));
  return count;
}

Status write_file_atomically(const std::string& path, std::string_view contents) {
  AtomicOutputFile file(path);
  file.stream().write(contents.data(), static_cast<std::streamsize>(contents.size()));
  return file.commit();
}

}  // namespace owl
