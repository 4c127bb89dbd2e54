// The hub stage: a release on the Hugging Face Hub, listed and read over
// HTTP without downloading its weights.
//
// `find_hub_release` asks the Hub API once for a model's info (its commit,
// files with sizes and LFS sha256, card data, dates), and turns it into the
// same ReleaseLocation a local walk gives, with an opener whose ByteSources
// fetch byte ranges from `resolve/{commit}/{path}`: every file comes from the
// one commit the API named. The read stage then reads headers through that
// opener exactly as it reads a mapped file. HTTP goes through libcurl (TLS,
// HTTP/2, proxies from the environment); the settings follow the Hub's own
// clients (HF_ENDPOINT, HF_TOKEN and the token file, HF_HUB_OFFLINE).
// Thread-safe: many releases may be found and read at once; a process-wide
// bound caps the requests in flight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "owl/error.h"
#include "owl/find.h"

namespace owl {

// `hf://ORG/NAME[@REVISION]`: a model on the Hub, optionally at a branch,
// tag or commit.
struct HubId {
  std::string org, name;
  std::optional<std::string> revision;
  std::string repo() const { return org + "/" + name; }  // ORG/NAME
  std::string text() const;                              // hf://ORG/NAME[@REVISION]
};

// Whether a command-line input names the Hub (starts with "hf://").
bool is_hub_input(std::string_view input);
// The id in `input`; a usage Error (rule "usage") naming it when the org or
// name breaks the Hub's rules (letters, digits, '-', '_', '.'; no leading or
// trailing '-' or '.', no "--" or ".."; at most 96 characters) or the
// revision is empty.
Expected<HubId> parse_hub_id(std::string_view input);

struct HubSettings {
  std::string endpoint = "https://huggingface.co";  // HF_ENDPOINT, no trailing '/'
  std::optional<std::string> token;                 // sent as Bearer to the endpoint's host only
  bool offline = false;                             // HF_HUB_OFFLINE=1: no network at all
  bool refresh = false;                             // --refresh: ignore owl's cache (still fill it)
  std::string cache_dir;     // owl's own cache ($XDG_CACHE_HOME/owl/hub); empty: none
  std::string hf_hub_cache;  // the user's HF cache ($HF_HUB_CACHE), read-only, offline only
  std::optional<std::string> ca_bundle;  // CURL_CA_BUNDLE / REQUESTS_CA_BUNDLE / SSL_CERT_FILE
  long connect_timeout_ms = 10'000;
  long read_timeout_s = 30;      // a transfer slower than 1 byte/s for this long fails
  int max_attempts = 5;          // per request, retries of 429, 5xx, resets and short bodies
  double max_retry_wait_s = 30;  // cap on one Retry-After or back-off wait
  unsigned connections = 32;     // requests in flight, process-wide (-j's remote default)
  size_t max_document_bytes = 4u << 20;  // read_text's cap on a card, licence or config
  size_t max_info_bytes = 64u << 20;     // the model info JSON
  // Where warnings go (a server that ignored a Range). Called from any
  // thread; empty: dropped.
  std::function<void(const std::string&)> warn;
};

// The settings the Hub's clients would take from this environment, with
// owl's cache under $XDG_CACHE_HOME (default ~/.cache)/owl/hub.
HubSettings hub_settings_from_environment();

// The release `id` names: one model-info call (`?blobs=true`), or none when
// offline (owl's cache, else the user's HF cache snapshot read from disk).
// A gated, private, missing or unreachable model is the Error, with a rule
// "hub.*" and the id as its file.
Expected<ReleaseLocation> find_hub_release(const HubId& id, const HubSettings& settings);

// What the process has sent so far (all threads): for tests and the
// benchmark; owl's output never depends on it.
struct HubTraffic {
  uint64_t requests = 0;
  uint64_t bytes_received = 0;
};
HubTraffic hub_traffic();

}  // namespace owl
