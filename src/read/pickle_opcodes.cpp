#include "read/pickle_opcodes.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace owl::pickle {

namespace {

constexpr OpcodeInfo kOpcodes[] = {
    // Protocol 0: text-era opcodes.
    {op::kMark, "MARK", ArgKind::kNone, 0},
    {op::kStop, "STOP", ArgKind::kNone, 0},
    {op::kPop, "POP", ArgKind::kNone, 0},
    {op::kDup, "DUP", ArgKind::kNone, 0},
    {op::kFloat, "FLOAT", ArgKind::kLine, 0},
    {op::kInt, "INT", ArgKind::kLine, 0},
    {op::kLong, "LONG", ArgKind::kLine, 0},
    {op::kNone, "NONE", ArgKind::kNone, 0},
    {op::kPersId, "PERSID", ArgKind::kLine, 0},
    {op::kReduce, "REDUCE", ArgKind::kNone, 0},
    {op::kString, "STRING", ArgKind::kQuotedLine, 0},
    {op::kUnicode, "UNICODE", ArgKind::kUnicodeLine, 0},
    {op::kAppend, "APPEND", ArgKind::kNone, 0},
    {op::kBuild, "BUILD", ArgKind::kNone, 0},
    {op::kGlobal, "GLOBAL", ArgKind::kTwoLines, 0},
    {op::kDict, "DICT", ArgKind::kNone, 0},
    {op::kGet, "GET", ArgKind::kLine, 0},
    {op::kInst, "INST", ArgKind::kTwoLines, 0},
    {op::kList, "LIST", ArgKind::kNone, 0},
    {op::kPut, "PUT", ArgKind::kLine, 0},
    {op::kSetItem, "SETITEM", ArgKind::kNone, 0},
    {op::kTuple, "TUPLE", ArgKind::kNone, 0},
    // Protocol 1: binary forms.
    {op::kPopMark, "POP_MARK", ArgKind::kNone, 1},
    {op::kBinInt, "BININT", ArgKind::kI4, 1},
    {op::kBinInt1, "BININT1", ArgKind::kU1, 1},
    {op::kBinInt2, "BININT2", ArgKind::kU2, 1},
    {op::kBinPersId, "BINPERSID", ArgKind::kNone, 1},
    {op::kBinString, "BINSTRING", ArgKind::kBytesI4, 1},
    {op::kShortBinString, "SHORT_BINSTRING", ArgKind::kBytesU1, 1},
    {op::kBinUnicode, "BINUNICODE", ArgKind::kBytesU4, 1},
    {op::kEmptyDict, "EMPTY_DICT", ArgKind::kNone, 1},
    {op::kAppends, "APPENDS", ArgKind::kNone, 1},
    {op::kBinGet, "BINGET", ArgKind::kU1, 1},
    {op::kLongBinGet, "LONG_BINGET", ArgKind::kU4, 1},
    {op::kEmptyList, "EMPTY_LIST", ArgKind::kNone, 1},
    {op::kObj, "OBJ", ArgKind::kNone, 1},
    {op::kBinPut, "BINPUT", ArgKind::kU1, 1},
    {op::kLongBinPut, "LONG_BINPUT", ArgKind::kU4, 1},
    {op::kEmptyTuple, "EMPTY_TUPLE", ArgKind::kNone, 1},
    {op::kSetItems, "SETITEMS", ArgKind::kNone, 1},
    {op::kBinFloat, "BINFLOAT", ArgKind::kF8, 1},
    // Protocol 2.
    {op::kProto, "PROTO", ArgKind::kU1, 2},
    {op::kNewObj, "NEWOBJ", ArgKind::kNone, 2},
    {op::kExt1, "EXT1", ArgKind::kU1, 2},
    {op::kExt2, "EXT2", ArgKind::kU2, 2},
    {op::kExt4, "EXT4", ArgKind::kI4, 2},
    {op::kTuple1, "TUPLE1", ArgKind::kNone, 2},
    {op::kTuple2, "TUPLE2", ArgKind::kNone, 2},
    {op::kTuple3, "TUPLE3", ArgKind::kNone, 2},
    {op::kNewTrue, "NEWTRUE", ArgKind::kNone, 2},
    {op::kNewFalse, "NEWFALSE", ArgKind::kNone, 2},
    {op::kLong1, "LONG1", ArgKind::kBytesU1, 2},
    {op::kLong4, "LONG4", ArgKind::kBytesI4, 2},
    // Protocol 3: bytes.
    {op::kBinBytes, "BINBYTES", ArgKind::kBytesU4, 3},
    {op::kShortBinBytes, "SHORT_BINBYTES", ArgKind::kBytesU1, 3},
    // Protocol 4: large objects, sets, framing, STACK_GLOBAL and MEMOIZE.
    {op::kShortBinUnicode, "SHORT_BINUNICODE", ArgKind::kBytesU1, 4},
    {op::kBinUnicode8, "BINUNICODE8", ArgKind::kBytesU8, 4},
    {op::kBinBytes8, "BINBYTES8", ArgKind::kBytesU8, 4},
    {op::kEmptySet, "EMPTY_SET", ArgKind::kNone, 4},
    {op::kAddItems, "ADDITEMS", ArgKind::kNone, 4},
    {op::kFrozenSet, "FROZENSET", ArgKind::kNone, 4},
    {op::kNewObjEx, "NEWOBJ_EX", ArgKind::kNone, 4},
    {op::kStackGlobal, "STACK_GLOBAL", ArgKind::kNone, 4},
    {op::kMemoize, "MEMOIZE", ArgKind::kNone, 4},
    {op::kFrame, "FRAME", ArgKind::kU8, 4},
    // Protocol 5: out-of-band buffers.
    {op::kByteArray8, "BYTEARRAY8", ArgKind::kBytesU8, 5},
    {op::kNextBuffer, "NEXT_BUFFER", ArgKind::kNone, 5},
    {op::kReadonlyBuffer, "READONLY_BUFFER", ArgKind::kNone, 5},
};

constexpr uint64_t kNewlineNeeded = UINT64_MAX;

struct OpcodeIndex {
  std::array<const OpcodeInfo*, 256> by_code{};
  OpcodeIndex() {
    for (const OpcodeInfo& info : kOpcodes) by_code[info.code] = &info;
  }
};

Error truncated(const Instruction& instruction, std::string_view what, uint64_t need,
                uint64_t have) {
  const std::string needed = need == kNewlineNeeded ? "a newline" : fmt::format("{} bytes", need);
  return Error::corrupt("", instruction.offset, "pickle.truncated",
                        fmt::format("{} needs {} for its {}, but only {} bytes remain",
                                    instruction.info->name, needed, what, have));
}

// A '\n'-terminated line; the newline is consumed but not returned.
bool read_line(ByteCursor& cursor, std::string_view& line) {
  const uint64_t start = cursor.offset();
  Bytes rest;
  if (!cursor.read_bytes(cursor.remaining(), rest)) return false;
  const void* newline = std::memchr(rest.data(), '\n', rest.size());
  if (newline == nullptr) {
    cursor.seek(start);
    return false;
  }
  const auto length = static_cast<size_t>(static_cast<const uint8_t*>(newline) - rest.data());
  line = std::string_view(reinterpret_cast<const char*>(rest.data()), length);
  cursor.seek(start + length + 1);
  return true;
}

Status read_fixed(ByteCursor& cursor, Instruction& instruction) {
  const uint64_t have = cursor.remaining();
  bool ok = false;
  uint64_t need = 0;
  switch (instruction.info->arg) {
    case ArgKind::kU1: {
      uint8_t value = 0;
      need = 1, ok = cursor.read_u8(value), instruction.unsigned_arg = value;
      break;
    }
    case ArgKind::kU2: {
      uint16_t value = 0;
      need = 2, ok = cursor.read_u16(value), instruction.unsigned_arg = value;
      break;
    }
    case ArgKind::kU4: {
      uint32_t value = 0;
      need = 4, ok = cursor.read_u32(value), instruction.unsigned_arg = value;
      break;
    }
    case ArgKind::kI4: {
      int32_t value = 0;
      need = 4, ok = cursor.read_i32(value), instruction.signed_arg = value;
      break;
    }
    case ArgKind::kU8: need = 8, ok = cursor.read_u64(instruction.unsigned_arg); break;
    case ArgKind::kF8: need = 8, ok = cursor.skip(8); break;
    default: return Ok{};
  }
  if (!ok) return truncated(instruction, "argument", need, have);
  return Ok{};
}

Status read_payload(ByteCursor& cursor, Instruction& instruction, PayloadMode mode,
                    uint64_t* payload_end) {
  uint64_t length = 0;
  const uint64_t have = cursor.remaining();
  bool ok = true;
  uint64_t width = 0;
  switch (instruction.info->arg) {
    case ArgKind::kBytesU1: {
      uint8_t value = 0;
      width = 1, ok = cursor.read_u8(value), length = value;
      break;
    }
    case ArgKind::kBytesU4: {
      uint32_t value = 0;
      width = 4, ok = cursor.read_u32(value), length = value;
      break;
    }
    case ArgKind::kBytesI4: {
      int32_t value = 0;
      width = 4, ok = cursor.read_i32(value);
      if (ok && value < 0) {
        return Error::corrupt(
            "", instruction.offset, "pickle.negative-length",
            fmt::format("{} length must be >= 0, found {}", instruction.info->name, value));
      }
      length = static_cast<uint64_t>(value);
      break;
    }
    case ArgKind::kBytesU8: width = 8, ok = cursor.read_u64(length); break;
    default: return Ok{};
  }
  if (!ok) return truncated(instruction, "length", width, have);
  if (mode == PayloadMode::kTakeRest) length = std::min(length, cursor.remaining());
  instruction.unsigned_arg = length;
  if (!cursor.read_string(length, instruction.text)) {
    if (payload_end != nullptr && !checked_add(cursor.offset(), length, *payload_end))
      *payload_end = UINT64_MAX;
    return truncated(instruction, "payload", length, cursor.remaining());
  }
  return Ok{};
}

Status read_text(ByteCursor& cursor, Instruction& instruction) {
  const ArgKind kind = instruction.info->arg;
  if (kind != ArgKind::kLine && kind != ArgKind::kQuotedLine && kind != ArgKind::kUnicodeLine &&
      kind != ArgKind::kTwoLines) {
    return Ok{};
  }
  if (!read_line(cursor, instruction.text)) {
    return truncated(instruction, "text argument", kNewlineNeeded, cursor.remaining());
  }
  if (kind == ArgKind::kTwoLines && !read_line(cursor, instruction.text2)) {
    return truncated(instruction, "name line", kNewlineNeeded, cursor.remaining());
  }
  if (kind == ArgKind::kQuotedLine) {
    // Python 3 refuses a STRING whose argument is not wrapped in matching quotes.
    std::string_view body = instruction.text;
    if (body.size() < 2 || body.front() != body.back() ||
        (body.front() != '\'' && body.front() != '"')) {
      return Error::corrupt("", instruction.offset, "pickle.bad-argument",
                            "STRING argument must be quoted with matching ' or \"");
    }
    instruction.text = body.substr(1, body.size() - 2);
  }
  return Ok{};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | ((code_point >> 18) & 0x07)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Parses `digits` hex digits at body[i]; returns -1 when they are not all hex.
int64_t parse_hex(std::string_view body, size_t i, size_t digits) {
  if (i + digits > body.size()) return -1;
  int64_t value = 0;
  for (size_t k = 0; k < digits; ++k) {
    const int digit = hex_value(body[i + k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

char simple_escape(char c) {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '\\': return '\\';
    case '\'': return '\'';
    case '"': return '"';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'v': return '\v';
    default: return 0;
  }
}

}  // namespace

const OpcodeInfo* find_opcode(uint8_t code) {
  static const OpcodeIndex index;
  return index.by_code[code];
}

Expected<Instruction> read_instruction(ByteCursor& cursor, PayloadMode mode,
                                       uint64_t* payload_end) {
  Instruction instruction;
  instruction.offset = cursor.offset();
  uint8_t code = 0;
  if (!cursor.read_u8(code)) {
    return Error::corrupt("", instruction.offset, "pickle.truncated",
                          "expected an opcode (the stream ended without STOP)");
  }
  instruction.info = find_opcode(code);
  if (instruction.info == nullptr) {
    return Error::corrupt(
        "", instruction.offset, "pickle.unknown-opcode",
        fmt::format("byte 0x{:02x} is not a pickle opcode of protocols 0-5", code));
  }
  if (Status fixed = read_fixed(cursor, instruction); !fixed) return fixed.error();
  if (Status payload = read_payload(cursor, instruction, mode, payload_end); !payload)
    return payload.error();
  if (Status text = read_text(cursor, instruction); !text) return text.error();
  return instruction;
}

std::string decode_string_escapes(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      // Python's STRING bytes decode as ASCII/latin-1; keep bytes >= 0x80 as code points.
      append_utf8(out, static_cast<uint8_t>(c));
      continue;
    }
    const char next = body[i + 1];
    if (const char simple = simple_escape(next); simple != 0) {
      out.push_back(simple);
      ++i;
    } else if (next == 'x' && parse_hex(body, i + 2, 2) >= 0) {
      append_utf8(out, static_cast<uint32_t>(parse_hex(body, i + 2, 2)));
      i += 3;
    } else if (next >= '0' && next <= '7') {
      uint32_t value = 0;
      size_t k = i + 1;
      for (; k < body.size() && k < i + 4 && body[k] >= '0' && body[k] <= '7'; ++k) {
        value = value * 8 + static_cast<uint32_t>(body[k] - '0');
      }
      append_utf8(out, value & 0xFF);
      i = k - 1;
    } else {
      out.push_back('\\');  // unknown escapes stay literal, as in Python
    }
  }
  return out;
}

std::string decode_raw_unicode_escape(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\\' && i + 1 < line.size() && (line[i + 1] == 'u' || line[i + 1] == 'U')) {
      const size_t digits = line[i + 1] == 'u' ? 4 : 8;
      const int64_t value = parse_hex(line, i + 2, digits);
      if (value >= 0 && value <= 0x10FFFF) {
        append_utf8(out, static_cast<uint32_t>(value));
        i += 1 + digits;
        continue;
      }
    }
    append_utf8(out, static_cast<uint8_t>(c));  // raw bytes are latin-1 code points
  }
  return out;
}

}  // namespace owl::pickle
