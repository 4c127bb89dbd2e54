#include "read/pickle_embedded.h"

#include <algorithm>
#include <cstring>

#include "read/pickle_decode.h"
#include "read/pickle_internal.h"
#include "read/pickle_policy.h"

namespace owl::pickle {

namespace {

// Shorter blobs cannot carry a useful pickle or command.
constexpr size_t kMinBlob = 16;
// Code markers are searched in this much of a decoded text.
constexpr size_t kCodeWindow = 64 * 1024;

Bytes as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

bool is_zip(std::string_view data) {
  return data.size() >= 4 && std::memcmp(data.data(), "PK\x03\x04", 4) == 0;
}

// Base64 of real binary data mixes upper case, lower case and digits; a
// tensor or parameter name made of one case and underscores does not, so it
// is not even decoded.
bool mixed_base64(std::string_view text) {
  // The alphabet check stops at the first other byte, so it goes first.
  if (!looks_like_base64(text, 24)) return false;
  bool upper = false, lower = false, digit = false;
  for (const char c : text) {
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
  }
  return upper && lower && digit;
}

// Text that is at least 90% printable ASCII or whitespace in its window.
bool mostly_printable(std::string_view text) {
  const std::string_view window = text.substr(0, kCodeWindow);
  size_t printable = 0;
  for (const char c : window) {
    const auto byte = static_cast<uint8_t>(c);
    if ((byte >= 0x20 && byte < 0x7F) || c == '\n' || c == '\r' || c == '\t') ++printable;
  }
  return !window.empty() && printable * 10 >= window.size() * 9;
}

class Decoder {
 public:
  Decoder(int depth, uint64_t& budget) : depth_(depth), budget_(budget) {}

  bool search(std::string_view data, int layer, EmbeddedPayload& out) {
    if (read_as_pickle(data, layer, out)) return true;
    if (layer >= kMaxLayers) return false;
    if (looks_like_zlib(data) || looks_like_gzip(data)) {
      const char* name = looks_like_gzip(data) ? "gzip" : "zlib";
      if (budget_ == 0) {
        out.budget_exhausted = true;
        return false;
      }
      auto inflated = inflate_capped(data, budget_);
      if (inflated) {
        budget_ -= inflated->data.size();
        if (!inflated->complete && budget_ == 0) out.budget_exhausted = true;
        if (descend(inflated->data, name, layer, out)) return true;
      }
    }
    if (layer > 0 && read_as_code(data, out)) return true;
    if (looks_like_hex(data, 2 * kMinBlob)) {
      if (auto decoded = decode_hex(data); decoded && charge(decoded->size(), out)) {
        if (descend(*decoded, "hex", layer, out)) return true;
      }
    }
    if (mixed_base64(data)) {
      if (auto decoded = decode_base64(data); decoded && charge(decoded->size(), out)) {
        if (descend(*decoded, "base64", layer, out)) return true;
      }
    }
    return false;
  }

 private:
  bool charge(uint64_t bytes, EmbeddedPayload& out) {
    if (bytes > budget_) {
      out.budget_exhausted = true;
      return false;
    }
    budget_ -= bytes;
    return true;
  }

  bool descend(std::string_view decoded, const char* layer_name, int layer, EmbeddedPayload& out) {
    out.layers.emplace_back(layer_name);
    if (search(decoded, layer + 1, out)) return true;
    out.layers.pop_back();
    return false;
  }

  bool read_as_pickle(std::string_view data, int layer, EmbeddedPayload& out) {
    const bool zip = is_zip(data);
    if (data.size() < kMinBlob || (!zip && !looks_like_pickle(as_bytes(data)))) return false;
    if (zip) {
      // A zip is not text and not random: always worth reporting.
      if (too_deep(out)) return true;
      NestedScan nested = scan_nested_payload(as_bytes(data), depth_ + 1);
      out.kind = EmbeddedPayload::Kind::kPickle;
      out.safety = nested.safety;
      out.imports = std::move(nested.imports);
      out.findings = std::move(nested.findings);
      return true;
    }
    if (depth_ + 1 > kMaxNestingDepth) {
      // Cannot scan it, but a blob that starts like a pickle is reported.
      return too_deep(out);
    }
    auto scan = scan_pickle_at_depth(as_bytes(data), 0, depth_ + 1);
    // Random bytes can open like a pickle; a real one reads to its STOP and
    // imports something or declares its protocol.
    if (!scan || !scan->complete) return false;
    if (scan->imports.empty() && static_cast<uint8_t>(data[0]) != 0x80) return false;
    if (layer == 0 && scan->trailing_bytes > 0) return false;
    out.kind = EmbeddedPayload::Kind::kPickle;
    out.safety = scan->safety;
    out.imports = std::move(scan->imports);
    out.findings = std::move(scan->findings);
    return true;
  }

  bool too_deep(EmbeddedPayload& out) const {
    if (depth_ + 1 <= kMaxNestingDepth) return false;
    out.kind = EmbeddedPayload::Kind::kTooDeep;
    return true;
  }

  static bool read_as_code(std::string_view data, EmbeddedPayload& out) {
    if (!mostly_printable(data)) return false;
    const std::string_view window = data.substr(0, kCodeWindow);
    for (const CodeMarker& marker : policy_tables().code_markers) {
      if (window.find(marker.marker) == std::string_view::npos) continue;
      out.kind = EmbeddedPayload::Kind::kCode;
      out.code_marker = marker.marker;
      out.code_reason = marker.why;
      return true;
    }
    return false;
  }

  int depth_;
  uint64_t& budget_;
};

}  // namespace

bool may_hide_payload(std::string_view blob) {
  if (blob.size() < kMinBlob) return false;
  return is_zip(blob) || looks_like_zlib(blob) || looks_like_gzip(blob) ||
         looks_like_hex(blob, 2 * kMinBlob) || mixed_base64(blob) ||
         looks_like_pickle(as_bytes(blob));
}

EmbeddedPayload decode_embedded(std::string_view blob, int depth, uint64_t& budget) {
  EmbeddedPayload out;
  Decoder(depth, budget).search(blob, 0, out);
  if (out.kind == EmbeddedPayload::Kind::kNothing) out.layers.clear();
  return out;
}

}  // namespace owl::pickle
