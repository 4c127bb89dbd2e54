// libcurl under the Hub client. One easy handle per thread (curl keeps each
// handle's connections alive, so a worker's requests reuse them), a global
// count of requests in flight, and retries with back-off outside that count.
#include "hub/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "owl/version.h"

namespace owl::hub {

namespace {

std::atomic<uint64_t> g_requests{0}, g_bytes{0};

// curl_global_init is not thread-safe before 7.84; done once, first.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// At most `limit` requests in flight across the process.
class InFlight {
 public:
  void acquire(unsigned limit) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return busy_ < std::max(1u, limit); });
    ++busy_;
  }
  void release() {
    std::lock_guard lock(mutex_);
    --busy_;
    room_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable room_;
  unsigned busy_ = 0;
};
InFlight g_in_flight;

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

CURL* thread_handle() {
  init_curl_once();
  thread_local std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  return handle.get();
}

// What one transfer collects.
struct Transfer {
  CURL* curl = nullptr;
  const HttpRequest* request = nullptr;
  HttpResponse response;
  uint64_t received = 0;       // body bytes off the wire
  bool stopped_early = false;  // we aborted on purpose (slice or cap reached)
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) transfer.response.headers.clear();  // a new response
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    transfer.response.headers[name] = std::string(value);
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const size_t length = size * count;
  const uint64_t at = transfer.received;
  transfer.received += length;
  long status = 0;
  curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &status);
  const HttpRequest& request = *transfer.request;
  std::string& body = transfer.response.body;
  if (request.range_first && status == 200) {
    // The whole file came back: keep only the slice, stop once we have it.
    transfer.response.range_ignored = true;
    const uint64_t first = *request.range_first, end = first + request.range_length;
    const uint64_t keep_from = std::max(at, first), keep_to = std::min(at + length, end);
    if (keep_to > keep_from) body.append(data + (keep_from - at), keep_to - keep_from);
    if (at + length >= end) {
      transfer.stopped_early = true;
      return 0;  // CURLE_WRITE_ERROR: the rest of a multi-GB body is never read
    }
    return length;
  }
  if (status < 200 || status >= 300) {  // an error page: a little is enough
    if (body.size() < 4096) body.append(data, std::min(length, 4096 - body.size()));
    return length;
  }
  const size_t room = request.max_body - std::min(request.max_body, body.size());
  body.append(data, std::min(room, length));
  if (length > room) {
    transfer.stopped_early = true;
    return 0;
  }
  return length;
}

std::unique_ptr<CURLU, UrlDeleter> parse_url(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return nullptr;
  return parsed;
}

std::string url_part(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, CURLU_DEFAULT_PORT) != CURLUE_OK) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

// Same scheme, host and port: the token may go there.
bool same_origin(const std::string& a, const std::string& b) {
  const auto ua = parse_url(a), ub = parse_url(b);
  if (!ua || !ub) return false;
  for (CURLUPart part : {CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT})
    if (url_part(ua.get(), part) != url_part(ub.get(), part)) return false;
  return true;
}

// `location` resolved against `base` (a relative redirect stays on the server).
std::optional<std::string> resolve_location(const std::string& base, const std::string& location) {
  auto url = parse_url(base);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  return url_part(url.get(), CURLUPART_URL);
}

enum class Next { kDone, kRetry, kFail };
struct Attempt {
  Next next = Next::kFail;
  std::optional<HttpResponse> response;
  std::optional<Error> error;
  std::optional<double> retry_after_s;
};

Attempt fail(const std::string& what, const char* rule, std::string detail) {
  return {Next::kFail, std::nullopt, Error::io(what, rule, std::move(detail)), std::nullopt};
}
Attempt retry(const std::string& what, const char* rule, std::string detail,
              std::optional<double> after = std::nullopt) {
  return {Next::kRetry, std::nullopt, Error::io(what, rule, std::move(detail)), after};
}

std::optional<double> retry_after(const HttpResponse& response) {
  const auto found = response.headers.find("retry-after");
  if (found == response.headers.end()) return std::nullopt;
  try {
    size_t used = 0;
    const double seconds = std::stod(found->second, &used);
    if (used == found->second.size() && seconds >= 0) return seconds;
  } catch (...) {
  }
  return std::nullopt;  // an HTTP date: back off as usual (as huggingface_hub does)
}

// The Hub's error answer as an Error, by X-Error-Code first, status last.
Attempt classify_error(const HttpResponse& response, const HubSettings& settings,
                       const std::string& what) {
  const auto header = [&](const char* name) {
    const auto found = response.headers.find(name);
    return found == response.headers.end() ? std::string() : found->second;
  };
  const std::string code = header("x-error-code");
  const long status = response.status;
  if (code == "GatedRepo")
    return fail(what, "hub.gated",
                settings.token ? "accept the licence on the model page (this token is not on its "
                                 "list yet)"
                               : "accept the licence on the model page, then set HF_TOKEN");
  if (code == "RevisionNotFound") return fail(what, "hub.revision-not-found", "no such revision");
  if (code == "EntryNotFound") return fail(what, "hub.entry-not-found", "no such file");
  if (code == "RepoNotFound" || status == 401 || status == 404)
    return fail(what, "hub.not-found",
                settings.token ? "no such model, or it is private and this token may not read it"
                               : "no such model (or it is private: set HF_TOKEN)");
  if (status == 403)
    return fail(what, "hub.forbidden", "refused (403): check the token's permissions");
  if (status == 429)
    return retry(what, "hub.rate-limited", "too many requests (429)", retry_after(response));
  if (status == 408 || status == 500 || status == 502 || status == 503 || status == 504)
    return retry(what, "hub.server", "server error " + std::to_string(status),
                 retry_after(response));
  return fail(what, "hub.http", "unexpected HTTP status " + std::to_string(status));
}

Attempt transport_error(CURLcode code, const std::string& what, const HubSettings& settings) {
  const std::string why = curl_easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return fail(what, "hub.timeout",
                  "no answer within the time-out (" + std::to_string(settings.read_timeout_s) +
                      " s without data, or " + std::to_string(settings.connect_timeout_ms) +
                      " ms to connect)");
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return fail(what, "hub.connect", "cannot reach " + settings.endpoint + ": " + why);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return fail(what, "hub.tls",
                  why + " (a private CA: set CURL_CA_BUNDLE to its certificate file)");
    case CURLE_PARTIAL_FILE:
      return retry(what, "hub.truncated", "the body ended before its announced length");
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING: return retry(what, "hub.reset", "the connection was reset: " + why);
    default: return fail(what, "hub.http", why);
  }
}

// A 206 whose body is not the range it announces, or not the one asked.
bool short_range(const HttpRequest& request, const HttpResponse& response) {
  const auto found = response.headers.find("content-range");
  uint64_t first = 0, last = 0;
  if (found == response.headers.end() ||
      std::sscanf(found->second.c_str(), "bytes %lu-%lu/", &first, &last) != 2 || last < first)
    return true;
  return first != *request.range_first || response.body.size() != last - first + 1;
}

Attempt attempt_once(const HttpRequest& request, const HubSettings& settings,
                     const std::string& what) {
  CURL* curl = thread_handle();
  std::string url = request.url;
  for (int hop = 0; hop < 6; ++hop) {
    curl_easy_reset(curl);
    Transfer transfer;
    transfer.curl = curl;
    transfer.request = &request;
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    const auto add_header = [&](const std::string& line) {
      headers.reset(curl_slist_append(headers.release(), line.c_str()));
    };
    // The token goes to the endpoint's own scheme, host and port only, never
    // to the CDN a redirect names (as huggingface_hub drops it there).
    if (settings.token && same_origin(url, settings.endpoint))
      add_header("Authorization: Bearer " + *settings.token);
    if (request.if_none_match) add_header("If-None-Match: " + *request.if_none_match);
    const std::string range =
        request.range_first ? std::to_string(*request.range_first) + "-" +
                                  std::to_string(*request.range_first + request.range_length - 1)
                            : std::string();
    const std::string agent = std::string("owl/") + kVersion;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(curl, CURLOPT_USERAGENT, agent.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, settings.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, settings.read_timeout_s);
    if (settings.ca_bundle) curl_easy_setopt(curl, CURLOPT_CAINFO, settings.ca_bundle->c_str());
    if (!range.empty()) curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
    if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);

    g_in_flight.acquire(settings.connections);
    const CURLcode code = curl_easy_perform(curl);
    g_in_flight.release();
    ++g_requests;
    g_bytes += transfer.received;
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && transfer.stopped_early))
      return transport_error(code, what, settings);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    HttpResponse& response = transfer.response;
    if (response.status >= 300 && response.status < 400 && response.status != 304) {
      const auto location = response.headers.find("location");
      if (location == response.headers.end())
        return fail(what, "hub.http", "a redirect without a Location");
      auto next = resolve_location(url, location->second);
      if (!next) return fail(what, "hub.http", "a redirect to an unreadable Location");
      url = std::move(*next);
      continue;
    }
    if (response.status == 304)
      return {Next::kDone, std::move(response), std::nullopt, std::nullopt};
    if (response.status < 200 || response.status >= 300)
      return classify_error(response, settings, what);
    if (request.range_first && response.status == 206 && short_range(request, response))
      return retry(what, "hub.truncated", "the range came back shorter than asked");
    if (request.range_first && response.range_ignored && settings.warn)
      settings.warn(what +
                    ": the server ignored a Range request and sent the whole file; owl "
                    "read only the bytes it asked for and stopped");
    return {Next::kDone, std::move(response), std::nullopt, std::nullopt};
  }
  return fail(what, "hub.http", "too many redirects");
}

thread_local std::minstd_rand g_jitter{std::random_device{}()};

}  // namespace

void count_traffic(uint64_t bytes) { g_bytes += bytes; }

std::string url_escape(std::string_view text, bool keep_slashes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '~' || (keep_slashes && c == '/');
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Expected<HttpResponse> http_fetch(const HttpRequest& request, const HubSettings& settings,
                                  const std::string& what) {
  Attempt last;
  for (int attempt = 0; attempt < std::max(1, settings.max_attempts); ++attempt) {
    last = attempt_once(request, settings, what);
    if (last.next == Next::kDone) return std::move(*last.response);
    if (last.next == Next::kFail || attempt + 1 >= settings.max_attempts) break;
    double wait = 0;
    if (last.retry_after_s) {
      wait = *last.retry_after_s;
    } else {
      std::uniform_real_distribution<double> jitter(0.5, 1.0);
      wait = 0.25 * static_cast<double>(1 << std::min(attempt, 8)) * jitter(g_jitter);
    }
    wait = std::min(wait, settings.max_retry_wait_s);
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
  Error error = *last.error;
  if (last.next == Next::kRetry)
    error = Error::io(
        error.file(), error.rule(),
        error.detail() + " (gave up after " + std::to_string(settings.max_attempts) + " attempts)");
  return error;
}

}  // namespace owl::hub

namespace owl {
HubTraffic hub_traffic() { return {hub::g_requests.load(), hub::g_bytes.load()}; }
}  // namespace owl
