// Every global and call site is recorded with its opcode, offset and
// callable, across protocols 0-5, and the opcode table is complete.
#include <gtest/gtest.h>

#include "owl/pickle.h"
#include "read/pickle_opcodes.h"
#include "read/pickle_test_streams.h"

namespace owl {
namespace {

using namespace pickle_test;

std::string calls_of(const PickleScan& result) {
  std::string text;
  for (const PickleCall& call : result.calls) {
    text += call.opcode + "@" + std::to_string(call.offset) + ":" +
            (call.callable.empty() ? "?" : call.callable) + " ";
  }
  return text;
}

TEST(PickleCalls, ProtocolZeroReduceInstAndObjAreRecorded) {
  EXPECT_EQ(calls_of(scan("cos\nsystem\n(S'id'\ntR.")), "REDUCE@19:os.system ");
  EXPECT_EQ(calls_of(scan("(S'x'\ni__builtin__\nexec\n.")), "INST@6:__builtin__.exec ");
  EXPECT_EQ(calls_of(scan("(cpathlib\nPosixPath\nS'/tmp'\no.")), "OBJ@28:pathlib.PosixPath ");
}

TEST(PickleCalls, NewObjNewObjExAndBuildNameTheirCallable) {
  EXPECT_EQ(calls_of(scan("\x80\x02\x63\x63ollections\nOrderedDict\n)\x81}b."s)),
            "NEWOBJ@28:collections.OrderedDict BUILD@30:collections.OrderedDict ");
  EXPECT_EQ(calls_of(scan("\x80\x04\x63\x63ollections\nOrderedDict\n)}\x92."s)),
            "NEWOBJ_EX@29:collections.OrderedDict ");
  // A callable the scanner cannot name is still a call site.
  EXPECT_EQ(calls_of(scan("\x80\x02N)R."s)), "REDUCE@4:? ");
}

TEST(PickleCalls, ProtocolFourFramedStackGlobalThroughTheMemo) {
  // FRAME, MEMOIZE'd strings read back with BINGET for STACK_GLOBAL.
  const std::string body = short_unicode("builtins") + "\x94" + short_unicode("print") + "\x94" +
                           "h\x00h\x01\x93\x94"s + short_unicode("hi") + "\x85R.";
  const PickleScan result = scan("\x80\x04"s + frame(body.size()) + body);
  EXPECT_TRUE(result.complete) << (result.error ? result.error->message() : "");
  EXPECT_EQ(result.protocol, 4);
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].module + "." + result.imports[0].name, "builtins.print");
  EXPECT_EQ(result.imports[0].opcode, "STACK_GLOBAL");
  EXPECT_EQ(result.imports[0].offset, 34u);
  EXPECT_EQ(calls_of(result), "REDUCE@41:builtins.print ");
}

TEST(PickleCalls, ProtocolThreeAndFiveValuesAreReadWithoutCalls) {
  const PickleScan bytes = scan("\x80\x03"s + binbytes("abc") + "C\x02xy\x86.");
  EXPECT_TRUE(bytes.complete);
  EXPECT_EQ(bytes.protocol, 3);
  EXPECT_TRUE(bytes.calls.empty());
  // BYTEARRAY8, NEXT_BUFFER, READONLY_BUFFER (out-of-band buffers).
  const PickleScan buffers = scan("\x80\x05\x96"s + little_endian(2, 8) + "ab" + "\x97\x98\x86.");
  EXPECT_TRUE(buffers.complete) << (buffers.error ? buffers.error->message() : "");
  EXPECT_EQ(buffers.protocol, 5);
  EXPECT_EQ(buffers.safety, Safety::kSafe);
}

TEST(PickleCalls, CallSitesAreCapped) {
  std::string stream = "\x80\x02\x63\x63ollections\nOrderedDict\nq\x00"s;
  for (int i = 0; i < 70000; ++i) stream += "h\x00)R0"s;
  const PickleScan result = scan(stream + "N.");
  EXPECT_EQ(result.calls.size(), size_t{1} << 16);
  EXPECT_EQ(result.calls_not_recorded, 70000u - (1u << 16));
}

TEST(PickleOpcodes, TableCoversProtocolsZeroToFive) {
  struct Expected {
    uint8_t code;
    std::string_view name;
    uint8_t protocol;
  };
  // pickletools' table, by protocol.
  const Expected kAll[] = {{'(', "MARK", 0},
                           {'.', "STOP", 0},
                           {'0', "POP", 0},
                           {'2', "DUP", 0},
                           {'F', "FLOAT", 0},
                           {'I', "INT", 0},
                           {'L', "LONG", 0},
                           {'N', "NONE", 0},
                           {'P', "PERSID", 0},
                           {'R', "REDUCE", 0},
                           {'S', "STRING", 0},
                           {'V', "UNICODE", 0},
                           {'a', "APPEND", 0},
                           {'b', "BUILD", 0},
                           {'c', "GLOBAL", 0},
                           {'d', "DICT", 0},
                           {'g', "GET", 0},
                           {'i', "INST", 0},
                           {'l', "LIST", 0},
                           {'p', "PUT", 0},
                           {'s', "SETITEM", 0},
                           {'t', "TUPLE", 0},
                           {'1', "POP_MARK", 1},
                           {'J', "BININT", 1},
                           {'K', "BININT1", 1},
                           {'M', "BININT2", 1},
                           {'Q', "BINPERSID", 1},
                           {'T', "BINSTRING", 1},
                           {'U', "SHORT_BINSTRING", 1},
                           {'X', "BINUNICODE", 1},
                           {'}', "EMPTY_DICT", 1},
                           {'e', "APPENDS", 1},
                           {'h', "BINGET", 1},
                           {'j', "LONG_BINGET", 1},
                           {']', "EMPTY_LIST", 1},
                           {'o', "OBJ", 1},
                           {'q', "BINPUT", 1},
                           {'r', "LONG_BINPUT", 1},
                           {')', "EMPTY_TUPLE", 1},
                           {'u', "SETITEMS", 1},
                           {'G', "BINFLOAT", 1},
                           {0x80, "PROTO", 2},
                           {0x81, "NEWOBJ", 2},
                           {0x82, "EXT1", 2},
                           {0x83, "EXT2", 2},
                           {0x84, "EXT4", 2},
                           {0x85, "TUPLE1", 2},
                           {0x86, "TUPLE2", 2},
                           {0x87, "TUPLE3", 2},
                           {0x88, "NEWTRUE", 2},
                           {0x89, "NEWFALSE", 2},
                           {0x8a, "LONG1", 2},
                           {0x8b, "LONG4", 2},
                           {'B', "BINBYTES", 3},
                           {'C', "SHORT_BINBYTES", 3},
                           {0x8c, "SHORT_BINUNICODE", 4},
                           {0x8d, "BINUNICODE8", 4},
                           {0x8e, "BINBYTES8", 4},
                           {0x8f, "EMPTY_SET", 4},
                           {0x90, "ADDITEMS", 4},
                           {0x91, "FROZENSET", 4},
                           {0x92, "NEWOBJ_EX", 4},
                           {0x93, "STACK_GLOBAL", 4},
                           {0x94, "MEMOIZE", 4},
                           {0x95, "FRAME", 4},
                           {0x96, "BYTEARRAY8", 5},
                           {0x97, "NEXT_BUFFER", 5},
                           {0x98, "READONLY_BUFFER", 5}};
  for (const Expected& expected : kAll) {
    const pickle::OpcodeInfo* info = pickle::find_opcode(expected.code);
    ASSERT_NE(info, nullptr) << expected.name;
    EXPECT_EQ(info->name, expected.name);
    EXPECT_EQ(info->protocol, expected.protocol) << expected.name;
  }
  int known = 0;
  for (int code = 0; code < 256; ++code)
    known += pickle::find_opcode(static_cast<uint8_t>(code)) != nullptr;
  EXPECT_EQ(known, 68);
}

}  // namespace
}  // namespace owl
