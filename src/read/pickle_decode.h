// Decoders for payloads hidden in pickle constants and compressed
// checkpoints: base64 (OpenSSL EVP_DecodeBlock), hex (by hand), and zlib /
// gzip inflate (Debian's zlib). Every decoder writes at most `cap` bytes, so
// a hostile blob cannot allocate more than its caller allows. Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace owl::pickle {

// True when `text` (whitespace aside) is only base64 characters, standard or
// URL-safe, at least `min_chars` of them, with padding only at the end.
bool looks_like_base64(std::string_view text, size_t min_chars);
// True when `text` is an even number (>= min_chars) of hex digits.
bool looks_like_hex(std::string_view text, size_t min_chars);
// A zlib header (CMF/FLG with a valid check) or the gzip magic.
bool looks_like_zlib(std::string_view bytes);
bool looks_like_gzip(std::string_view bytes);

// Decoded bytes, or nullopt when `text` is not valid in that encoding.
// Neither output is longer than its input.
std::optional<std::string> decode_base64(std::string_view text);
std::optional<std::string> decode_hex(std::string_view text);

struct Inflated {
  std::string data;
  bool complete = false;  // the stream ended; false: cut at `cap` or broken midway
};

// Inflates a zlib or gzip stream (detected from its header) up to `cap`
// bytes. nullopt when not even the first bytes inflate.
std::optional<Inflated> inflate_capped(std::string_view compressed, uint64_t cap);

}  // namespace owl::pickle
