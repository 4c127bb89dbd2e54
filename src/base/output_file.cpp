#include "owl/output_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace owl {

Status write_file_atomically(const std::string& path, std::string_view contents) {
  namespace fs = std::filesystem;
  // Beside the target, so the rename stays on one filesystem.
  const fs::path target(path);
  fs::path temporary = target;
  temporary += fmt::format(".tmp{}", static_cast<unsigned long>(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return Error::io(path, "could not write " + temporary.string());
    }
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return Error::io(path, "could not rename the finished file into place: " + ec.message());
  }
  return Ok{};
}

}  // namespace owl
