// SHA-256 of a whole file, and a check that the file did not change while it
// was read: a digest of bytes from two versions matches neither.
#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
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

// Hashing is bounded process-wide: a scan's release workers and each
// release's file threads together hash at most one file per core.
class HashSlots {
 public:
  HashSlots() : free_(concurrent_hashes()) {}
  void acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      ++free_;
    }
    freed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  size_t free_;
};

HashSlots& hash_slots() {
  static HashSlots slots;
  return slots;
}

// Large sequential reads: the kernel reads ahead, and a read() per 4 MiB
// costs less than the page faults of a mapping (measured in bench/scan.sh).
constexpr size_t kHashChunk = size_t{4} << 20;

}  // namespace

size_t concurrent_hashes() { return std::max(1u, std::thread::hardware_concurrency()); }

Expected<std::string> sha256_file(const std::string& path,
                                  const std::function<void()>& after_first_chunk,
                                  std::atomic<uint64_t>* hashed_bytes) {
  auto fd = open_regular_file(path);
  if (!fd) return fd.error();
  hash_slots().acquire();
  struct Release {
    ~Release() { hash_slots().release(); }
  } release_slot;
  ::posix_fadvise(fd->get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  struct stat before {};
  if (::fstat(fd->get(), &before) != 0) return Error::io(path, std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    return Error::io(path, "cannot initialise SHA-256");
  std::vector<char> chunk(kHashChunk);
  bool first = true;
  for (;;) {
    const ssize_t got = ::read(fd->get(), chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0)
      return Error::io(path, std::string("read failed while hashing: ") + std::strerror(errno));
    if (got == 0) break;
    if (EVP_DigestUpdate(context.get(), chunk.data(), static_cast<size_t>(got)) != 1)
      return Error::io(path, "SHA-256 update failed");
    if (hashed_bytes != nullptr)
      hashed_bytes->fetch_add(static_cast<uint64_t>(got), std::memory_order_relaxed);
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
