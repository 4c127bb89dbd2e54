// find_hub_release: the model info call, its JSON checked field by field (it
// comes off the network), and the offline fall-backs.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "hub/http_client.h"
#include "hub/hub_cache.h"
#include "hub/model_info.h"
#include "hub/remote_files.h"
#include "owl/hub.h"

namespace owl {

namespace {

using nlohmann::json;

constexpr size_t kMaxSiblings = 100'000;
constexpr size_t kMaxTags = 1'000;
constexpr size_t kMaxShortText = 512;

bool is_hex(const std::string& text, size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A file name from the API must stay inside the repo: no absolute path, no
// empty, "." or ".." component, no control characters or backslashes.
bool safe_relative_path(const std::string& path) {
  if (path.empty() || path.size() > 4096 || path.front() == '/') return false;
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part(path.data() + start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

std::optional<std::string> short_string(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  std::string value = found->get<std::string>();
  if (value.size() > kMaxShortText) value.resize(kMaxShortText);
  return value;
}

Error bad_response(const HubId& id, const std::string& why) {
  return Error::corrupt(id.text(), std::nullopt, "hub.bad-response",
                        "the model info is not what the Hub API returns: " + why);
}

}  // namespace

Expected<ReleaseLocation> hub::location_from_info(const HubId& id, const std::string& body,
                                                  const HubSettings& settings) {
  const json info = json::parse(body, nullptr, false);
  if (info.is_discarded() || !info.is_object()) return bad_response(id, "not a JSON object");
  const auto sha = short_string(info, "sha");
  if (!sha || !is_hex(*sha, 40)) return bad_response(id, "no 40-hex commit sha");
  const auto siblings = info.find("siblings");
  if (siblings == info.end() || !siblings->is_array()) return bad_response(id, "no siblings list");
  if (siblings->size() > kMaxSiblings)
    return Error::limit(id.text(), std::nullopt, "hub.too-many-files",
                        std::to_string(siblings->size()) + " files, over owl's cap of " +
                            std::to_string(kMaxSiblings));

  ReleaseLocation location;
  location.name = id.repo();
  location.root = id.text();
  location.layout = ReleaseLayout::kHubRemote;
  location.revision = *sha;
  for (const auto& sibling : *siblings) {
    if (!sibling.is_object()) return bad_response(id, "a sibling that is not an object");
    const auto name = short_string(sibling, "rfilename");
    if (!name || !safe_relative_path(*sibling.find("rfilename")))
      return bad_response(id, "a sibling without a safe rfilename");
    FoundFile file;
    file.relative = sibling.at("rfilename").get<std::string>();
    file.path = id.text() + "/" + file.relative;
    if (const auto size = sibling.find("size"); size != sibling.end() && size->is_number_unsigned())
      file.size = size->get<uint64_t>();
    if (const auto lfs = sibling.find("lfs"); lfs != sibling.end() && lfs->is_object()) {
      if (const auto digest = short_string(*lfs, "sha256"); digest && is_hex(*digest, 64))
        file.recorded_sha256 = digest;
      if (const auto size = lfs->find("size"); size != lfs->end() && size->is_number_unsigned())
        file.size = size->get<uint64_t>();
    }
    file.role = classify_file(file.relative);
    location.files.push_back(std::move(file));
  }
  std::sort(location.files.begin(), location.files.end(),
            [](const FoundFile& a, const FoundFile& b) { return a.relative < b.relative; });

  HubRecord record;
  record.repo = id.repo();
  record.commit = *sha;
  record.requested = id.revision;
  record.created_at = short_string(info, "createdAt");
  record.last_modified = short_string(info, "lastModified");
  if (const auto gated = info.find("gated"); gated != info.end()) {
    if (gated->is_string())
      record.gated = short_string(info, "gated");
    else if (gated->is_boolean() && gated->get<bool>())
      record.gated = "true";
  }
  if (const auto hidden = info.find("private"); hidden != info.end() && hidden->is_boolean())
    record.is_private = hidden->get<bool>();
  record.pipeline_tag = short_string(info, "pipeline_tag");
  record.library_name = short_string(info, "library_name");
  if (const auto tags = info.find("tags"); tags != info.end() && tags->is_array())
    for (const auto& tag : *tags)
      if (tag.is_string() && record.tags.size() < kMaxTags)
        record.tags.push_back(tag.get<std::string>().substr(0, kMaxShortText));
  location.hub = std::move(record);
  location.opener = std::make_shared<hub::RemoteFileOpener>(id, *sha, settings);
  return location;
}

namespace {

// The user's own HF cache snapshot, read as a local release (read-only).
std::optional<ReleaseLocation> from_hf_cache(const HubId& id, const HubSettings& settings) {
  const std::string folder = settings.hf_hub_cache + "/models--" + id.org + "--" + id.name;
  std::error_code error;
  if (settings.hf_hub_cache.empty() || !std::filesystem::is_directory(folder, error))
    return std::nullopt;
  auto found = find_releases(folder);
  if (!found || found->empty()) return std::nullopt;
  for (auto& location : *found)
    if (!id.revision || location.revision == id.revision) return std::move(location);
  return std::move(found->front());
}

// A gated repo shows its info to all; its files only to approved tokens.
// One one-byte read of a file tells which before anything else is fetched.
Status check_access(const HubId& id, const ReleaseLocation& location, const HubSettings& settings) {
  if (!location.hub || !location.hub->gated) return Ok{};
  if (!settings.token && !settings.offline)
    return Error::io(id.text(), "hub.gated",
                     "accept the licence on the model page, then set HF_TOKEN");
  const auto probe = std::find_if(
      location.files.begin(), location.files.end(),
      [](const FoundFile& file) { return file.size > 0 && file.role != FileRole::kModelCard; });
  if (probe == location.files.end()) return Ok{};
  const auto& opener = static_cast<const hub::RemoteFileOpener&>(*location.opener);
  auto bytes = opener.fetch(probe->relative, 0, 1);
  if (!bytes && bytes.error().rule() == "hub.gated")
    return Error::io(id.text(), "hub.gated", bytes.error().detail());
  return Ok{};
}

}  // namespace

Expected<ReleaseLocation> find_hub_release(const HubId& id, const HubSettings& settings) {
  const hub::HubCache cache(settings.cache_dir);
  const std::string revision = id.revision.value_or("");
  auto cached = cache.info(id.repo(), revision);
  if (settings.offline) {
    if (cached) return hub::location_from_info(id, cached->body, settings);
    if (auto local = from_hf_cache(id, settings)) return std::move(*local);
    return Error::io(id.text(), "hub.offline",
                     "HF_HUB_OFFLINE is set and neither owl's cache nor the Hugging Face cache (" +
                         settings.hf_hub_cache + ") holds this model");
  }
  hub::HttpRequest request;
  request.url = settings.endpoint + "/api/models/" + hub::url_escape(id.repo(), true) +
                (id.revision ? "/revision/" + hub::url_escape(*id.revision, false) : "") +
                "?blobs=true";
  request.max_body = settings.max_info_bytes;
  if (cached && !settings.refresh && !cached->etag.empty()) request.if_none_match = cached->etag;
  auto response = hub::http_fetch(request, settings, id.text());
  if (!response) return response.error();
  std::string body;
  if (response->status == 304 && cached) {
    body = std::move(cached->body);
  } else {
    if (response->body.size() >= settings.max_info_bytes)
      return Error::limit(id.text(), std::nullopt, "hub.info-too-large",
                          "the model info is over owl's cap of " +
                              std::to_string(settings.max_info_bytes) + " bytes");
    body = std::move(response->body);
    const auto etag = response->headers.find("etag");
    cache.save_info(id.repo(), revision,
                    {etag == response->headers.end() ? std::string() : etag->second, body});
  }
  auto location = hub::location_from_info(id, body, settings);
  if (!location) return location;
  if (auto access = check_access(id, *location, settings); !access) return access.error();
  return location;
}

}  // namespace owl
