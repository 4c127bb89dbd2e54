// owl's own cache of what it fetched from the Hub, under
// $XDG_CACHE_HOME/owl/hub (never the user's Hugging Face cache): model info
// with its ETag, and the byte ranges read from files, keyed by the commit
// sha, so they never go stale. Entries are written to a temporary file and
// renamed into place, so several owl processes may share the cache and a
// reader sees a whole entry or none.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace owl::hub {

class HubCache {
 public:
  explicit HubCache(std::string dir) : dir_(std::move(dir)) {}
  bool enabled() const { return !dir_.empty(); }

  // The model info saved for a repo at a revision ("" for the default branch).
  struct Info {
    std::string etag;  // empty when the server gave none
    std::string body;
  };
  std::optional<Info> info(std::string_view repo, std::string_view revision) const;
  void save_info(std::string_view repo, std::string_view revision, const Info& info) const;

  // Bytes [offset, offset + length) of `path` at `commit`.
  std::optional<std::string> range(std::string_view repo, std::string_view commit,
                                   std::string_view path, uint64_t offset, uint64_t length) const;
  void save_range(std::string_view repo, std::string_view commit, std::string_view path,
                  uint64_t offset, uint64_t length, std::string_view bytes) const;

 private:
  std::optional<std::string> load(const std::string& relative) const;
  void store(const std::string& relative, std::string_view bytes) const;
  std::string dir_;
};

}  // namespace owl::hub
