// SHA-256 of a whole file, and a check that the file did not change while it
// was read: a digest of bytes from two versions matches neither.
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "owl/bytes.h"
#include "owl/read.h"
#include "read/sha256_internal.h"

namespace owl {

namespace detail {

namespace {

bool same_version(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

Error changed(const std::string& path, const struct stat& before, const struct stat& after,
              const char* what) {
  return Error::io(path, "hash.file-changed",
                   fmt::format("the file {} while it was hashed (size {} -> {} bytes, inode {} "
                               "-> {}); no digest is given, hash it again",
                               what, before.st_size, after.st_size, before.st_ino, after.st_ino));
}

}  // namespace

Expected<std::string> sha256_file(const std::string& path,
                                  const std::function<void()>& after_first_chunk) {
  auto fd = open_regular_file(path);
  if (!fd) return fd.error();
  struct stat before {};
  if (::fstat(fd->get(), &before) != 0) return Error::io(path, std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    return Error::io(path, "cannot initialise SHA-256");
  std::vector<char> chunk(1u << 20);
  bool first = true;
  for (;;) {
    const ssize_t got = ::read(fd->get(), chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0)
      return Error::io(path, std::string("read failed while hashing: ") + std::strerror(errno));
    if (got == 0) break;
    if (EVP_DigestUpdate(context.get(), chunk.data(), static_cast<size_t>(got)) != 1)
      return Error::io(path, "SHA-256 update failed");
    if (first && after_first_chunk) after_first_chunk();
    first = false;
  }
  // The open file (written in place, truncated) and the path (replaced by a
  // rename) must both still be the version the hashing started on.
  struct stat after {};
  if (::fstat(fd->get(), &after) != 0) return Error::io(path, std::strerror(errno));
  if (!same_version(before, after)) return changed(path, before, after, "changed");
  struct stat now_at_path {};
  if (::stat(path.c_str(), &now_at_path) != 0 || !same_version(before, now_at_path))
    return changed(path, before, now_at_path, "was replaced");
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1)
    return Error::io(path, "SHA-256 final failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

}  // namespace detail

Expected<std::string> sha256_file(const std::string& path) { return detail::sha256_file(path, {}); }

}  // namespace owl
