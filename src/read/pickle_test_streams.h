// Hand-built pickle opcodes for tests: every payload is written here as bytes
// (never produced by Python's pickle module, never unpickled).
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>

#include "owl/bytes.h"
#include "owl/pickle.h"

namespace owl::pickle_test {

using namespace std::string_literals;

inline Bytes as_bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Scans a stream the test built; a stream the scanner refuses fails the test.
inline PickleScan scan(const std::string& stream) {
  auto result = scan_pickle(as_bytes(stream));
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : PickleScan{};
}

inline std::string little_endian(uint64_t value, int width) {
  std::string out;
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  return out;
}

// SHORT_BINUNICODE (protocol 4).
inline std::string short_unicode(const std::string& text) {
  return "\x8c"s + static_cast<char>(text.size()) + text;
}

// BINUNICODE (protocol 1), for strings of any length.
inline std::string binunicode(const std::string& text) {
  return "X"s + little_endian(text.size(), 4) + text;
}

// BINBYTES (protocol 3).
inline std::string binbytes(const std::string& payload) {
  return "B"s + little_endian(payload.size(), 4) + payload;
}

// A memoized STACK_GLOBAL of module.name, as CPython writes it.
inline std::string stack_global(const std::string& module, const std::string& name) {
  return short_unicode(module) + "\x94" + short_unicode(name) + "\x94\x93\x94";
}

// FRAME announcing `size` bytes.
inline std::string frame(uint64_t size) { return "\x95"s + little_endian(size, 8); }

// A protocol-0 pickle calling module.name('arg'): GLOBAL, MARK, STRING,
// TUPLE, REDUCE, STOP.
inline std::string call_pickle(const std::string& module, const std::string& name,
                               const std::string& arg) {
  return "c" + module + "\n" + name + "\n(S'" + arg + "'\ntR.";
}

// zlib.compress(bytes), as joblib's compressed files and hidden payloads use.
inline std::string zlib_compress(const std::string& bytes) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(size, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &size,
           reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uLong>(bytes.size()));
  out.resize(size);
  return out;
}

}  // namespace owl::pickle_test
