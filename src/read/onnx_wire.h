// Protobuf wire format, just enough to walk ONNX messages without a schema
// compiler: a message is a run of fields, each a varint tag (field number
// << 3 | wire type) followed by a varint, 8 bytes, a varint length and that
// many bytes, or 4 bytes. Groups (wire types 3 and 4) are refused: no ONNX
// message uses them. Payloads are views into the input, never copies, so an
// initializer's raw_data is skipped by its length. Readers are cheap values;
// not thread-safe, but independent readers over one buffer are.
#pragma once

#include <cstdint>
#include <string_view>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl::onnx_wire {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};
const char* to_string(WireType type);

inline constexpr int kMaxVarintBytes = 10;
inline constexpr uint32_t kMaxFieldNumber = (1u << 29) - 1;
// owl's cap on how deep readers open nested messages; ONNX's own header
// fields sit at most three levels down.
inline constexpr uint32_t kMaxNesting = 16;

struct Field {
  uint32_t number = 0;
  WireType wire_type = WireType::kVarint;
  uint64_t value = 0;           // the varint, fixed32 or fixed64 payload
  Bytes payload;                // the bytes of a length-delimited field
  uint64_t offset = 0;          // absolute offset of the tag
  uint64_t payload_offset = 0;  // absolute offset of `payload`
};

// Decodes one varint of at most kMaxVarintBytes that fits in 64 bits.
Expected<uint64_t> read_varint(ByteCursor& cursor);

class MessageReader {
 public:
  // `message` holds the fields; `base_offset` is where it starts in the
  // file; `depth` is 0 for the outermost message.
  MessageReader(Bytes message, uint64_t base_offset, uint32_t depth)
      : cursor_(message, base_offset), depth_(depth) {}

  bool at_end() const { return cursor_.at_end(); }
  uint32_t depth() const { return depth_; }

  Expected<Field> next();

  // The fields of a length-delimited field's payload, one level deeper.
  Expected<MessageReader> open(const Field& field) const;

 private:
  ByteCursor cursor_;
  uint32_t depth_;
};

}  // namespace owl::onnx_wire
