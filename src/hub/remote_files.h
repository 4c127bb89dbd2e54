// A remote release's files: ByteSources that fetch byte ranges from
// `{endpoint}/{repo}/resolve/{commit}/{path}`, through owl's cache.
#pragma once

#include <memory>
#include <string>

#include "hub/hub_cache.h"
#include "owl/find.h"
#include "owl/hub.h"

namespace owl::hub {

// Made with std::make_shared: each source it opens holds it.
class RemoteFileOpener final : public FileOpener,
                               public std::enable_shared_from_this<RemoteFileOpener> {
 public:
  // `commit` is the sha the model info named: every file is read there.
  RemoteFileOpener(HubId id, std::string commit, HubSettings settings);
  Expected<std::unique_ptr<ByteSource>> open(const FoundFile& file) const override;
  Expected<std::string> read_text(const FoundFile& file, size_t max_bytes) const override;

  // Bytes [offset, offset + length) of `path` (the caller clipped them to the
  // file): owl's cache first (unless refreshing), else one ranged request.
  Expected<std::string> fetch(const std::string& path, uint64_t offset, uint64_t length) const;

 private:
  HubId id_;
  std::string commit_;
  HubSettings settings_;
  HubCache cache_;
};

}  // namespace owl::hub
