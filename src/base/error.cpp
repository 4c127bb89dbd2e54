#include "owl/error.h"

#include <fmt/format.h>

namespace owl {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kIo: return "io";
    case ErrorKind::kUsage: return "usage";
    case ErrorKind::kUnsupported: return "unsupported";
    case ErrorKind::kCorrupt: return "corrupt";
    case ErrorKind::kLimit: return "limit";
  }
  return "unknown";
}

Error Error::io(std::string file, std::string detail) {
  return {ErrorKind::kIo, std::move(file), std::nullopt, "io", std::move(detail)};
}

Error Error::io(std::string file, std::string rule, std::string detail) {
  return {ErrorKind::kIo, std::move(file), std::nullopt, std::move(rule), std::move(detail)};
}

Error Error::usage(std::string detail) {
  return {ErrorKind::kUsage, "", std::nullopt, "usage", std::move(detail)};
}

Error Error::unsupported(std::string file, std::string rule, std::string detail) {
  return {ErrorKind::kUnsupported, std::move(file), std::nullopt, std::move(rule),
          std::move(detail)};
}

Error Error::corrupt(std::string file, std::optional<uint64_t> offset, std::string rule,
                     std::string detail) {
  return {ErrorKind::kCorrupt, std::move(file), offset, std::move(rule), std::move(detail)};
}

Error Error::limit(std::string file, std::optional<uint64_t> offset, std::string rule,
                   std::string detail) {
  return {ErrorKind::kLimit, std::move(file), offset, std::move(rule), std::move(detail)};
}

std::string Error::message() const {
  std::string out;
  if (!file_.empty()) out += file_ + ": ";
  if (offset_) out += fmt::format("byte {}: ", *offset_);
  out += rule_;
  if (!detail_.empty()) out += ": " + detail_;
  return out;
}

Error Error::in_file(std::string file) const {
  Error copy = *this;
  copy.file_ = std::move(file);
  return copy;
}

}  // namespace owl
