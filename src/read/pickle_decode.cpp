#include "read/pickle_decode.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <climits>

namespace owl::pickle {

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '-' || c == '_';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool looks_like_base64(std::string_view text, size_t min_chars) {
  size_t chars = 0;
  size_t padding = 0;
  for (const char c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      if (++padding > 2) return false;
      continue;
    }
    if (padding > 0 || !is_base64_char(c)) return false;
    ++chars;
  }
  // One leftover character cannot encode a byte.
  return chars >= min_chars && (chars + padding) % 4 != 1;
}

bool looks_like_hex(std::string_view text, size_t min_chars) {
  if (text.size() < min_chars || text.size() % 2 != 0) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return hex_digit(c) >= 0; });
}

bool looks_like_zlib(std::string_view bytes) {
  if (bytes.size() < 3) return false;
  const auto cmf = static_cast<uint8_t>(bytes[0]);
  const auto flg = static_cast<uint8_t>(bytes[1]);
  // Deflate with a window of at most 32 KiB, no preset dictionary, and the
  // header check that makes CMF*256+FLG a multiple of 31.
  return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && (flg & 0x20) == 0 && (cmf * 256 + flg) % 31 == 0;
}

bool looks_like_gzip(std::string_view bytes) {
  return bytes.size() >= 3 && static_cast<uint8_t>(bytes[0]) == 0x1F &&
         static_cast<uint8_t>(bytes[1]) == 0x8B && bytes[2] == 8;
}

std::optional<std::string> decode_base64(std::string_view text) {
  std::string clean;
  clean.reserve(text.size() + 3);
  for (const char c : text) {
    if (is_space(c) || c == '=') continue;
    clean.push_back(c == '-' ? '+' : c == '_' ? '/' : c);
  }
  const size_t unpadded = clean.size();
  if (unpadded % 4 == 1 || clean.size() > static_cast<size_t>(INT_MAX)) return std::nullopt;
  while (clean.size() % 4 != 0) clean.push_back('=');
  std::string out(clean.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(clean.data()),
                                      static_cast<int>(clean.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the padding stands for; drop them.
  const size_t padding = clean.size() - unpadded;
  out.resize(static_cast<size_t>(written) -
             std::min<size_t>(padding, static_cast<size_t>(written)));
  return out;
}

std::optional<std::string> decode_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_digit(text[i]);
    const int low = hex_digit(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

std::optional<Inflated> inflate_capped(std::string_view compressed, uint64_t cap) {
  z_stream stream{};
  // 15 window bits, +32: detect a zlib or gzip header.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return std::nullopt;
  Inflated result;
  constexpr size_t kChunk = 64 * 1024;
  char chunk[kChunk];
  size_t offset = 0;
  int status = Z_OK;
  while (status == Z_OK && result.data.size() < cap) {
    if (stream.avail_in == 0 && offset < compressed.size()) {
      const size_t take = std::min<size_t>(compressed.size() - offset, UINT_MAX);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + offset));
      stream.avail_in = static_cast<uInt>(take);
      offset += take;
    }
    const size_t want = std::min<uint64_t>(kChunk, cap - result.data.size());
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = static_cast<uInt>(want);
    status = inflate(&stream, Z_NO_FLUSH);
    const size_t produced = want - stream.avail_out;
    result.data.append(chunk, produced);
    if (status == Z_BUF_ERROR && stream.avail_in == 0 && offset >= compressed.size()) break;
    if (status == Z_BUF_ERROR && produced > 0) status = Z_OK;
  }
  result.complete = status == Z_STREAM_END;
  inflateEnd(&stream);
  if (result.data.empty() && !result.complete) return std::nullopt;
  return result;
}

}  // namespace owl::pickle
