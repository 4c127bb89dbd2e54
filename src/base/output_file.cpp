#include "owl/output_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

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

Status write_file_atomically(const std::string& path, std::string_view contents) {
  AtomicOutputFile file(path);
  file.stream().write(contents.data(), static_cast<std::streamsize>(contents.size()));
  return file.commit();
}

}  // namespace owl
