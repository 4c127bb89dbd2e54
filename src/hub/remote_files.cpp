#include "hub/remote_files.h"

#include <deque>

#include "hub/http_client.h"

namespace owl::hub {

namespace {

class RemoteByteSource final : public ByteSource {
 public:
  RemoteByteSource(std::shared_ptr<const RemoteFileOpener> opener, std::string name, uint64_t size)
      : opener_(std::move(opener)), name_(std::move(name)), size_(size) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return size_; }

  Expected<Bytes> read(uint64_t offset, uint64_t length) override {
    if (offset > size_)
      return Error::corrupt(
          name_, offset, "hub.read-past-end",
          "asked for bytes past the end of a " + std::to_string(size_) + "-byte file");
    length = std::min(length, size_ - offset);
    if (length == 0) return Bytes{};
    auto bytes = opener_->fetch(name_, offset, length);
    if (!bytes) return bytes.error();
    if (bytes->size() != length)
      return Error::io(name_, "hub.truncated",
                       "got " + std::to_string(bytes->size()) + " bytes of the " +
                           std::to_string(length) + " asked at offset " + std::to_string(offset));
    // Each read keeps its own buffer: spans handed out stay valid while the
    // source lives, as the seam promises.
    held_.push_back(std::move(*bytes));
    const std::string& kept = held_.back();
    return Bytes(reinterpret_cast<const uint8_t*>(kept.data()), kept.size());
  }

 private:
  std::shared_ptr<const RemoteFileOpener> opener_;  // a source may outlive the location
  std::string name_;
  uint64_t size_;
  std::deque<std::string> held_;
};

}  // namespace

RemoteFileOpener::RemoteFileOpener(HubId id, std::string commit, HubSettings settings)
    : id_(std::move(id)),
      commit_(std::move(commit)),
      settings_(std::move(settings)),
      cache_(settings_.cache_dir) {}

Expected<std::unique_ptr<ByteSource>> RemoteFileOpener::open(const FoundFile& file) const {
  return std::unique_ptr<ByteSource>(
      std::make_unique<RemoteByteSource>(shared_from_this(), file.relative, file.size));
}

Expected<std::string> RemoteFileOpener::read_text(const FoundFile& file, size_t max_bytes) const {
  const uint64_t length = std::min<uint64_t>(file.size, max_bytes);
  if (length == 0) return std::string();
  return fetch(file.relative, 0, length);
}

Expected<std::string> RemoteFileOpener::fetch(const std::string& path, uint64_t offset,
                                              uint64_t length) const {
  if (!settings_.refresh)
    if (auto cached = cache_.range(id_.repo(), commit_, path, offset, length);
        cached && cached->size() == length)
      return std::move(*cached);
  const std::string what = id_.text() + "/" + path;
  if (settings_.offline)
    return Error::io(what, "hub.offline",
                     "HF_HUB_OFFLINE is set and owl's cache does not hold these bytes");
  HttpRequest request;
  request.url = settings_.endpoint + "/" + url_escape(id_.repo(), true) + "/resolve/" + commit_ +
                "/" + url_escape(path, true);
  request.range_first = offset;
  request.range_length = length;
  request.max_body = static_cast<size_t>(length);
  auto response = http_fetch(request, settings_, what);
  if (!response) return response.error();
  if (response->body.size() == length)
    cache_.save_range(id_.repo(), commit_, path, offset, length, response->body);
  return std::move(response->body);
}

}  // namespace owl::hub
