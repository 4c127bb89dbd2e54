// Encodes protobuf wire bytes for tests: fields are appended in call order
// and nothing is validated, so malformed messages (groups, bad lengths,
// truncated varints) are as easy to write as good ones. Not thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace owl::testing {

class ProtoBuilder {
 public:
  static std::string varint(uint64_t value) {
    std::string out;
    while (value >= 0x80) {
      out += static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    out += static_cast<char>(value);
    return out;
  }
  static std::string tag(uint32_t field, uint8_t wire_type) {
    return varint((static_cast<uint64_t>(field) << 3) | wire_type);
  }

  ProtoBuilder& int_field(uint32_t field, int64_t value) {
    bytes_ += tag(field, 0) + varint(static_cast<uint64_t>(value));
    return *this;
  }
  ProtoBuilder& bytes_field(uint32_t field, std::string_view payload) {
    bytes_ += tag(field, 2) + varint(payload.size()) + std::string(payload);
    return *this;
  }
  ProtoBuilder& message(uint32_t field, const ProtoBuilder& inner) {
    return bytes_field(field, inner.bytes());
  }
  ProtoBuilder& fixed32(uint32_t field, uint32_t value) {
    bytes_ += tag(field, 5) + std::string(reinterpret_cast<const char*>(&value), 4);
    return *this;
  }
  ProtoBuilder& fixed64(uint32_t field, uint64_t value) {
    bytes_ += tag(field, 1) + std::string(reinterpret_cast<const char*>(&value), 8);
    return *this;
  }
  // Anything at all, e.g. a tag with a group wire type or a cut-off varint.
  ProtoBuilder& raw(std::string_view bytes) {
    bytes_ += std::string(bytes);
    return *this;
  }

  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

}  // namespace owl::testing
