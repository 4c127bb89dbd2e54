// The pickle opcode table (protocols 0-5) and a decoder for one instruction.
//
// Argument encodings follow CPython's pickletools: fixed-width little-endian
// integers, newline-terminated text lines, and length-prefixed payloads.
// The decoder never allocates: text and payload arguments are views into the
// input, and every length is checked against the bytes that remain before it
// is used, so a hostile 2^63 length is a truncation error, not an allocation.
#pragma once

#include <cstdint>
#include <string_view>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl::pickle {

enum class ArgKind : uint8_t {
  kNone,
  kU1,           // 1-byte unsigned
  kU2,           // 2-byte unsigned
  kU4,           // 4-byte unsigned
  kI4,           // 4-byte signed
  kU8,           // 8-byte unsigned
  kF8,           // 8-byte big-endian double (BINFLOAT), kept raw
  kLine,         // text up to '\n' (decimal, float or persistent id)
  kQuotedLine,   // STRING: a quoted, backslash-escaped line
  kUnicodeLine,  // UNICODE: raw-unicode-escape line
  kTwoLines,     // GLOBAL / INST: module line then name line
  kBytesU1,      // length in 1 unsigned byte, then payload
  kBytesI4,      // length in 4 signed bytes (negative is an error), then payload
  kBytesU4,      // length in 4 unsigned bytes, then payload
  kBytesU8,      // length in 8 unsigned bytes, then payload
};

struct OpcodeInfo {
  uint8_t code = 0;
  std::string_view name;
  ArgKind arg = ArgKind::kNone;
  uint8_t protocol = 0;  // the protocol that introduced it
};

// Null for bytes that are not opcodes.
const OpcodeInfo* find_opcode(uint8_t code);

// Opcode byte values, named as in pickletools.
namespace op {
inline constexpr uint8_t kMark = '(', kStop = '.', kPop = '0', kPopMark = '1', kDup = '2';
inline constexpr uint8_t kFloat = 'F', kInt = 'I', kBinInt = 'J', kBinInt1 = 'K', kLong = 'L';
inline constexpr uint8_t kBinInt2 = 'M', kNone = 'N', kPersId = 'P', kBinPersId = 'Q';
inline constexpr uint8_t kReduce = 'R', kString = 'S', kBinString = 'T', kShortBinString = 'U';
inline constexpr uint8_t kUnicode = 'V', kBinUnicode = 'X', kAppend = 'a', kBuild = 'b';
inline constexpr uint8_t kGlobal = 'c', kDict = 'd', kEmptyDict = '}', kAppends = 'e';
inline constexpr uint8_t kGet = 'g', kBinGet = 'h', kInst = 'i', kLongBinGet = 'j', kList = 'l';
inline constexpr uint8_t kEmptyList = ']', kObj = 'o', kPut = 'p', kBinPut = 'q';
inline constexpr uint8_t kLongBinPut = 'r', kSetItem = 's', kTuple = 't', kEmptyTuple = ')';
inline constexpr uint8_t kSetItems = 'u', kBinFloat = 'G';
inline constexpr uint8_t kProto = 0x80, kNewObj = 0x81, kExt1 = 0x82, kExt2 = 0x83, kExt4 = 0x84;
inline constexpr uint8_t kTuple1 = 0x85, kTuple2 = 0x86, kTuple3 = 0x87, kNewTrue = 0x88;
inline constexpr uint8_t kNewFalse = 0x89, kLong1 = 0x8a, kLong4 = 0x8b;
inline constexpr uint8_t kBinBytes = 'B', kShortBinBytes = 'C';
inline constexpr uint8_t kShortBinUnicode = 0x8c, kBinUnicode8 = 0x8d, kBinBytes8 = 0x8e;
inline constexpr uint8_t kEmptySet = 0x8f, kAddItems = 0x90, kFrozenSet = 0x91;
inline constexpr uint8_t kNewObjEx = 0x92, kStackGlobal = 0x93, kMemoize = 0x94, kFrame = 0x95;
inline constexpr uint8_t kByteArray8 = 0x96, kNextBuffer = 0x97, kReadonlyBuffer = 0x98;
}  // namespace op

struct Instruction {
  const OpcodeInfo* info = nullptr;
  uint64_t offset = 0;        // of the opcode byte
  uint64_t unsigned_arg = 0;  // kU1/kU2/kU4/kU8 and the length of payload kinds
  int64_t signed_arg = 0;     // kI4
  std::string_view text;      // line, quoted-line body, payload bytes, or GLOBAL module
  std::string_view text2;     // GLOBAL / INST name
  uint8_t code() const { return info->code; }
};

// How a payload longer than the bytes that remain is read. CPython's C
// unpickler refuses it; the pure-Python one (and pickletools-style readers)
// take what is there, which is how hidden bytes can still reach a loader.
enum class PayloadMode : uint8_t {
  kStrict,    // a short payload is pickle.truncated
  kTakeRest,  // a short payload is the rest of the input
};

// Reads one instruction at the cursor. Errors (offset = the opcode byte):
// pickle.unknown-opcode, pickle.truncated, pickle.negative-length,
// pickle.bad-argument (an unquoted STRING).
// When a payload runs past the input, `payload_end` (if given) receives
// where it would end: how far a prefix of a longer input must reach.
Expected<Instruction> read_instruction(ByteCursor& cursor, PayloadMode mode = PayloadMode::kStrict,
                                       uint64_t* payload_end = nullptr);

// Decodes a STRING body (Python escape_decode) and a UNICODE line
// (raw-unicode-escape) into UTF-8 text. Best effort: unknown escapes stay
// literal, as Python keeps them.
std::string decode_string_escapes(std::string_view body);
std::string decode_raw_unicode_escape(std::string_view line);

}  // namespace owl::pickle
