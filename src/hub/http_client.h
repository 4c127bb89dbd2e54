// One HTTP request to the Hub, through libcurl, with the Hub clients'
// manners: retries of 429 and 5xx honouring Retry-After, of resets and short
// bodies; redirects followed by hand so the range is kept and the token goes
// to the endpoint's host only; a process-wide bound on requests in flight.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "owl/error.h"
#include "owl/hub.h"

namespace owl::hub {

struct HttpRequest {
  std::string url;
  // Bytes [first, first + length) when set; a server that answers 200 with
  // the whole file is read only up to the end of that slice.
  std::optional<uint64_t> range_first;
  uint64_t range_length = 0;
  size_t max_body = 1u << 20;  // a longer body is cut here (no range: a document's cap)
  std::optional<std::string> if_none_match;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names, final response only
  std::string body;
  bool range_ignored = false;  // the range was answered with 200: `body` is the slice
};

// The answer to `request` (2xx or 304), or the Error: `what` names the model
// or file in it ("hf://ORG/NAME" or "hf://ORG/NAME/FILE") and the rule says
// why (hub.gated, hub.not-found, hub.revision-not-found, hub.entry-not-found,
// hub.forbidden, hub.rate-limited, hub.server, hub.timeout, hub.connect,
// hub.tls, hub.reset, hub.truncated, hub.http).
Expected<HttpResponse> http_fetch(const HttpRequest& request, const HubSettings& settings,
                                  const std::string& what);

// Percent-encodes one path segment (or several, keeping '/').
std::string url_escape(std::string_view text, bool keep_slashes);

void count_traffic(uint64_t bytes);

}  // namespace owl::hub
