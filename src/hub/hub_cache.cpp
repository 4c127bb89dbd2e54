// File names in the cache are digests of what they hold (repo and revision,
// or repo, commit, path and range), so no name from the network becomes a path.
#include "hub/hub_cache.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

namespace owl::hub {

namespace {

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// A commit names its files' contents, but the repo is in the key as well:
// a cache entry must never answer for another repo, whatever a server
// (a mirror, a test fixture) reuses as commit ids.
std::string file_key(std::string_view repo, std::string_view commit, std::string_view path) {
  return sha256_hex(std::string(repo) + "\n" + std::string(commit) + "\n" + std::string(path));
}

std::atomic<uint64_t> g_temp_counter{0};

}  // namespace

std::optional<HubCache::Info> HubCache::info(std::string_view repo,
                                             std::string_view revision) const {
  auto text = load("info/" + sha256_hex(std::string(repo) + "@" + std::string(revision)));
  if (!text) return std::nullopt;
  // First line: the ETag (maybe empty); the rest: the body.
  const auto newline = text->find('\n');
  if (newline == std::string::npos) return std::nullopt;
  return Info{text->substr(0, newline), text->substr(newline + 1)};
}

void HubCache::save_info(std::string_view repo, std::string_view revision, const Info& info) const {
  if (info.etag.find('\n') != std::string::npos) return;
  store("info/" + sha256_hex(std::string(repo) + "@" + std::string(revision)),
        info.etag + "\n" + info.body);
}

std::optional<std::string> HubCache::range(std::string_view repo, std::string_view commit,
                                           std::string_view path, uint64_t offset,
                                           uint64_t length) const {
  return load("files/" + file_key(repo, commit, path) + "-" + std::to_string(offset) + "-" +
              std::to_string(length));
}

void HubCache::save_range(std::string_view repo, std::string_view commit, std::string_view path,
                          uint64_t offset, uint64_t length, std::string_view bytes) const {
  store("files/" + file_key(repo, commit, path) + "-" + std::to_string(offset) + "-" +
            std::to_string(length),
        bytes);
}

std::optional<std::string> HubCache::load(const std::string& relative) const {
  if (!enabled()) return std::nullopt;
  std::ifstream in(dir_ + "/" + relative, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return std::nullopt;
  return std::move(text).str();
}

// A cache that cannot be written is no error: the scan goes on uncached.
void HubCache::store(const std::string& relative, std::string_view bytes) const {
  if (!enabled()) return;
  namespace fs = std::filesystem;
  std::error_code ignored;
  const fs::path target = fs::path(dir_) / relative;
  fs::create_directories(target.parent_path(), ignored);
  const fs::path temp = target.parent_path() /
                        (".tmp-" + std::to_string(::getpid()) + "-" +
                         std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) +
                         "-" + std::to_string(g_temp_counter++));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      fs::remove(temp, ignored);
      return;
    }
  }
  fs::rename(temp, target, ignored);
  if (ignored) fs::remove(temp, ignored);
}

}  // namespace owl::hub
