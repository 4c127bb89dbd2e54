#include "read/onnx_wire.h"

#include <fmt/format.h>

namespace owl::onnx_wire {

namespace {

Error truncated(const ByteCursor& cursor, std::string_view what, uint64_t needed) {
  return Error::corrupt(
      "", cursor.offset(), "onnx.truncated",
      fmt::format("expected {} ({} bytes), found {} bytes left", what, needed, cursor.remaining()));
}

Status read_payload(ByteCursor& cursor, Field& field) {
  switch (field.wire_type) {
    case WireType::kVarint: {
      auto value = read_varint(cursor);
      if (!value) return value.error();
      field.value = *value;
      return Ok{};
    }
    case WireType::kFixed64:
      if (!cursor.read_u64(field.value)) return truncated(cursor, "a 64-bit field", 8);
      return Ok{};
    case WireType::kFixed32: {
      uint32_t value = 0;
      if (!cursor.read_u32(value)) return truncated(cursor, "a 32-bit field", 4);
      field.value = value;
      return Ok{};
    }
    case WireType::kLengthDelimited: {
      const uint64_t at = cursor.offset();
      auto length = read_varint(cursor);
      if (!length) return length.error();
      field.payload_offset = cursor.offset();
      if (!cursor.read_bytes(*length, field.payload)) {
        return Error::corrupt("", at, "onnx.length-past-end",
                              fmt::format("field {} claims {} bytes, found {} bytes left",
                                          field.number, *length, cursor.remaining()));
      }
      return Ok{};
    }
    case WireType::kStartGroup:
    case WireType::kEndGroup: break;
  }
  return Error::corrupt("", field.offset, "onnx.group-wire-type",
                        fmt::format("field {}: expected wire type 0, 1, 2 or 5, found group "
                                    "wire type {} (no ONNX message uses groups)",
                                    field.number, static_cast<int>(field.wire_type)));
}

}  // namespace

const char* to_string(WireType type) {
  switch (type) {
    case WireType::kVarint: return "varint";
    case WireType::kFixed64: return "64-bit";
    case WireType::kLengthDelimited: return "length-delimited";
    case WireType::kStartGroup: return "start-group";
    case WireType::kEndGroup: return "end-group";
    case WireType::kFixed32: return "32-bit";
  }
  return "unknown";
}

Expected<uint64_t> read_varint(ByteCursor& cursor) {
  const uint64_t at = cursor.offset();
  uint64_t value = 0;
  for (int i = 0; i < kMaxVarintBytes; ++i) {
    uint8_t byte = 0;
    if (!cursor.read_u8(byte)) {
      return Error::corrupt("", at, "onnx.truncated-varint",
                            fmt::format("a varint runs past the end after {} bytes", i));
    }
    // The tenth byte holds only bit 63; anything more would not fit.
    if (i == kMaxVarintBytes - 1 && byte > 1) break;
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return value;
  }
  return Error::corrupt(
      "", at, "onnx.varint-too-long",
      fmt::format("expected a varint of at most {} bytes that fits in 64 bits", kMaxVarintBytes));
}

Expected<Field> MessageReader::next() {
  Field field;
  field.offset = cursor_.offset();
  auto tag = read_varint(cursor_);
  if (!tag) return tag.error();
  const uint64_t number = *tag >> 3;
  const auto wire_type = static_cast<uint8_t>(*tag & 7);
  if (number == 0 || number > kMaxFieldNumber) {
    return Error::corrupt(
        "", field.offset, "onnx.bad-field-number",
        fmt::format("expected a field number from 1 to {}, found {}", kMaxFieldNumber, number));
  }
  if (wire_type > static_cast<uint8_t>(WireType::kFixed32)) {
    return Error::corrupt(
        "", field.offset, "onnx.bad-wire-type",
        fmt::format("field {}: expected a wire type from 0 to 5, found {}", number, wire_type));
  }
  field.number = static_cast<uint32_t>(number);
  field.wire_type = static_cast<WireType>(wire_type);
  if (auto payload = read_payload(cursor_, field); !payload) return payload.error();
  return field;
}

Expected<MessageReader> MessageReader::open(const Field& field) const {
  if (field.wire_type != WireType::kLengthDelimited) {
    return Error::corrupt("", field.offset, "onnx.wrong-wire-type",
                          fmt::format("field {}: expected a length-delimited message, found {}",
                                      field.number, to_string(field.wire_type)));
  }
  if (depth_ + 1 > kMaxNesting) {
    return Error::limit("", field.offset, "onnx.nesting-too-deep",
                        fmt::format("expected messages nested at most {} deep", kMaxNesting));
  }
  return MessageReader(field.payload, field.payload_offset, depth_ + 1);
}

}  // namespace owl::onnx_wire
