// scan_pickle on hand-written streams: one test per opcode trick or fault.
#include "owl/pickle.h"

#include <gtest/gtest.h>

#include <string>

#include "read/pickle_machine.h"

namespace owl {
namespace {

using namespace std::string_literals;

Bytes as_bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

PickleScan scan(const std::string& stream) {
  auto result = scan_pickle(as_bytes(stream));
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : PickleScan{};
}

// A protocol-4 STACK_GLOBAL of module.name, memoized like CPython writes it.
std::string short_unicode(const std::string& text) {
  return "\x8c"s + static_cast<char>(text.size()) + text;
}

std::string stack_global(const std::string& module, const std::string& name) {
  return short_unicode(module) + "\x94" + short_unicode(name) + "\x94\x93\x94";
}

std::string binbytes(const std::string& payload) {
  const auto size = static_cast<uint32_t>(payload.size());
  std::string out = "B"s;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
  return out + payload;
}

TEST(ScanPickle, GlobalOsSystemIsDangerousAndCalled) {
  const PickleScan result = scan("cos\nsystem\n(S'ls'\ntR.");
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].module, "os");
  EXPECT_EQ(result.imports[0].name, "system");
  EXPECT_EQ(result.imports[0].opcode, "GLOBAL");
  EXPECT_EQ(result.imports[0].offset, 0u);
  EXPECT_TRUE(result.imports[0].called);
  EXPECT_EQ(result.imports[0].safety, Safety::kDangerous);
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(result.opcode_count, 6u);
  EXPECT_EQ(result.end_offset, 21u);
  EXPECT_EQ(result.protocol, 0);
  ASSERT_FALSE(result.findings.empty());
  EXPECT_EQ(result.findings[0].rfind("dangerous: import os.system (GLOBAL at byte 0, called)", 0),
            0u)
      << result.findings[0];
}

TEST(ScanPickle, PlainDataIsSafeWithNoFindings) {
  // pickle.dumps({"a": [1, 2.5, None, True]}, protocol=4)
  const std::string stream =
      "\x80\x04\x95\x19\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01\x61\x94]\x94(K\x01G@\x04\x00\x00"
      "\x00\x00\x00\x00N\x88\x65s."s;
  const PickleScan result = scan(stream);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(result.protocol, 4);
  EXPECT_TRUE(result.imports.empty());
  EXPECT_EQ(result.safety, Safety::kSafe);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.trailing_bytes, 0u);
}

TEST(ScanPickle, TorchStateDictShapeIsSafe) {
  // The shape of a torch >= 1.6 data.pkl: OrderedDict of _rebuild_tensor_v2
  // calls whose storage comes through BINPERSID.
  const std::string stream =
      "\x80\x02\x63\x63ollections\nOrderedDict\nq\x00)Rq\x01X\x01\x00\x00\x00wq\x02"
      "ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04"
      "ctorch\nFloatStorage\nq\x05X\x01\x00\x00\x00\x30X\x03\x00\x00\x00\x63puK\x04tQK\x00K\x04"
      "\x85K\x01\x85\x89h\x00)Rtq\x06Rq\x07s."s;
  const PickleScan result = scan(stream);
  EXPECT_TRUE(result.complete) << (result.error ? result.error->message() : "");
  ASSERT_EQ(result.imports.size(), 3u);
  EXPECT_EQ(result.imports[0].module + "." + result.imports[0].name, "collections.OrderedDict");
  EXPECT_EQ(result.imports[1].module + "." + result.imports[1].name,
            "torch._utils._rebuild_tensor_v2");
  EXPECT_EQ(result.imports[2].module + "." + result.imports[2].name, "torch.FloatStorage");
  EXPECT_TRUE(result.imports[1].called);
  EXPECT_FALSE(result.imports[2].called);
  EXPECT_EQ(result.safety, Safety::kSafe);
  EXPECT_TRUE(result.findings.empty());
}

TEST(ScanPickle, StackGlobalResolvesStringsThroughTheMemo) {
  // malicious21's trick: one memoized string used as both module and name.
  const std::string stream = "\x80\x04"s + short_unicode("timeit") + "\x94h\x00\x93)R."s;
  const PickleScan result = scan(stream);
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].module, "timeit");
  EXPECT_EQ(result.imports[0].name, "timeit");
  EXPECT_EQ(result.imports[0].opcode, "STACK_GLOBAL");
  EXPECT_EQ(result.imports[0].offset, 13u);
  EXPECT_TRUE(result.imports[0].called);
  EXPECT_EQ(result.safety, Safety::kDangerous);
}

TEST(ScanPickle, StackGlobalResolvesStringsThroughDupAndPut) {
  const std::string stream =
      "\x80\x04"s + short_unicode("os") + "2p7\n0" + "g7\n" + short_unicode("system") + "\x93)R.";
  // DUP then POP leaves one 'os', PUT/GET round-trips it through the memo.
  const PickleScan result = scan(stream);
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].module, "os");
  EXPECT_EQ(result.imports[0].name, "system");
  EXPECT_EQ(result.safety, Safety::kDangerous);
}

TEST(ScanPickle, MemoKeysOutOfOrderAndOverwritesAreTracked) {
  // BINPUT 5 first, then MEMOIZE numbers its entry len(memo) == 1, as CPython does.
  const std::string sparse = "\x80\x04"s + short_unicode("os") + "q\x05" + short_unicode("system") +
                             "\x94" + "00" + "h\x05h\x01\x93.";
  const PickleScan resolved = scan(sparse);
  ASSERT_EQ(resolved.imports.size(), 1u);
  EXPECT_EQ(resolved.imports[0].module + "." + resolved.imports[0].name, "os.system");
  EXPECT_TRUE(resolved.findings.size() == 1u) << "only the import finding expected";

  // Overwriting key 0 with None hides the string again.
  const std::string overwritten = "\x80\x04"s + short_unicode("os") + "q\x00" + "0Nq\x000" +
                                  "h\x00" + short_unicode("system") + "\x93.";
  const PickleScan hidden = scan(overwritten);
  ASSERT_EQ(hidden.imports.size(), 1u);
  EXPECT_EQ(hidden.imports[0].module, "<unknown>");
}

TEST(ScanPickle, StackGlobalOnComputedOperandsIsDangerous) {
  // The module and name come out of earlier imports, as in
  // sys_module_override_sploit.pkl: the real target is invisible statically.
  const std::string stream = "\x80\x04"s + stack_global("torch", "FloatStorage") +
                             stack_global("torch", "HalfStorage") + "\x93)R.";
  const PickleScan result = scan(stream);
  ASSERT_EQ(result.imports.size(), 3u);
  EXPECT_EQ(result.imports[2].module, "<imported object>");
  EXPECT_EQ(result.imports[2].safety, Safety::kDangerous);
  EXPECT_TRUE(result.imports[2].called);
  EXPECT_EQ(result.safety, Safety::kDangerous);
}

TEST(ScanPickle, StackGlobalOnNonStringOperandsIsSuspicious) {
  const std::string stream = "\x80\x04K*"s + short_unicode("os") + "\x93N.";
  const PickleScan result = scan(stream);
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].module, "<unknown>");
  EXPECT_EQ(result.imports[0].name, "os");
  EXPECT_EQ(result.imports[0].safety, Safety::kSuspicious);
}

TEST(ScanPickle, BuildOnAnImportedModuleIsDangerous) {
  // torch._utils.__dict__.update({...}) through BUILD: monkey-patching.
  const std::string stream = "\x80\x04"s + stack_global("torch", "_utils") + "}" +
                             short_unicode("_rebuild_tensor") + short_unicode("builtins") + "sb.";
  const PickleScan result = scan(stream);
  EXPECT_EQ(result.safety, Safety::kDangerous);
  ASSERT_FALSE(result.findings.empty());
  EXPECT_NE(result.findings[0].find("BUILD at byte"), std::string::npos) << result.findings[0];
  EXPECT_NE(result.findings[0].find("torch._utils"), std::string::npos);
}

TEST(ScanPickle, TruncatedStreamKeepsTheImportsSeenBeforeTheFault) {
  // broken_model.pkl: GLOBAL builtins.exec, then a BINUNICODE claiming 2^29 bytes.
  const std::string stream = "cbuiltins\nexec\n(X\x00\x00\x00\x20short"s;
  const PickleScan result = scan(stream);
  EXPECT_FALSE(result.complete);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->rule(), "pickle.truncated");
  EXPECT_EQ(result.error->offset(), 16u);
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].name, "exec");
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_EQ(result.end_offset, stream.size());  // the short payload is read as the rest
}

TEST(ScanPickle, MissingMemoKeyStopsTheWalkAfterTheDangerousCall) {
  // keyerror-exploit.pkl: os.system runs before BINGET 3 raises.
  const std::string stream = "\x80\x04\x63os\nsystem\nV\x65\x63ho\n\x85R0h\x03."s;
  const PickleScan result = scan(stream);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->rule(), "pickle.memo-missing");
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_TRUE(result.imports[0].called);
  EXPECT_EQ(result.safety, Safety::kDangerous);
}

TEST(ScanPickle, BenignStreamWithAFaultIsSuspicious) {
  const PickleScan result = scan("(K\x01K\x02"s);  // no STOP
  EXPECT_EQ(result.error->rule(), "pickle.truncated");
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  EXPECT_EQ(result.opcode_count, 3u);
}

TEST(ScanPickle, UnknownOpcodeFirstIsAnError) {
  auto result = scan_pickle(as_bytes("\xff\x00"s));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().rule(), "pickle.unknown-opcode");
  EXPECT_EQ(result.error().offset(), 0u);
}

TEST(ScanPickle, EmptyInputIsAnError) {
  auto result = scan_pickle(Bytes{});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().rule(), "pickle.empty");
}

TEST(ScanPickle, UnknownOpcodeMidStreamIsAFinding) {
  const PickleScan result = scan("\x80\x02N\xff."s);
  EXPECT_EQ(result.error->rule(), "pickle.unknown-opcode");
  EXPECT_EQ(result.error->offset(), 3u);
  EXPECT_EQ(result.opcode_count, 3u);  // the walk skips the byte and reads STOP
  EXPECT_FALSE(result.complete);
}

TEST(ScanPickle, ReduceOnAnEmptyStackUnderflows) {
  const PickleScan result = scan("\x80\x02NR."s);
  EXPECT_EQ(result.error->rule(), "pickle.stack-underflow");
  EXPECT_EQ(result.error->offset(), 3u);
}

TEST(ScanPickle, ValuesBelowAMarkAreNotVisibleToReduce) {
  const PickleScan result = scan("cos\nsystem\nN(R."s);
  EXPECT_EQ(result.error->rule(), "pickle.stack-underflow");
  EXPECT_FALSE(result.imports[0].called);
}

TEST(ScanPickle, TupleWithoutMarkIsReported) {
  EXPECT_EQ(scan("Nt."s).error->rule(), "pickle.mark-missing");
  EXPECT_EQ(scan("N1."s).error->rule(), "pickle.mark-missing");
}

TEST(ScanPickle, PopOnAnEmptyFrameDiscardsTheMark) {
  const PickleScan result = scan("N(0."s);
  EXPECT_TRUE(result.complete);
  EXPECT_FALSE(result.error.has_value());
  EXPECT_TRUE(result.findings.empty());
}

TEST(ScanPickle, DictWithOddItemsIsReported) {
  EXPECT_EQ(scan("(K\x01\x64."s).error->rule(), "pickle.odd-items");
}

TEST(ScanPickle, NegativeBinStringLengthIsReported) {
  EXPECT_EQ(scan("NT\xff\xff\xff\xff."s).error->rule(), "pickle.negative-length");
}

TEST(ScanPickle, HugeLengthIsATruncationNotAnAllocation) {
  const PickleScan result = scan("\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x7f"s);
  EXPECT_EQ(result.error->rule(), "pickle.truncated");
  EXPECT_NE(result.error->detail().find("9223372036854775807 bytes"), std::string::npos)
      << result.error->detail();
}

TEST(ScanPickle, FrameLongerThanTheInputIsReported) {
  EXPECT_EQ(scan("\x80\x04\x95\x00\x01\x00\x00\x00\x00\x00\x00N."s).error->rule(),
            "pickle.frame-overrun");
}

TEST(ScanPickle, FutureProtocolIsRefused) {
  const PickleScan result = scan("\x80\x06N."s);
  EXPECT_EQ(result.error->rule(), "pickle.unsupported-protocol");
  EXPECT_EQ(result.safety, Safety::kSuspicious);
}

TEST(ScanPickle, UnquotedStringIsReported) {
  EXPECT_EQ(scan("NSabc\n."s).error->rule(), "pickle.bad-argument");
}

TEST(ScanPickle, TrailingBytesAfterStopAreCounted) {
  const PickleScan result = scan("N.\n\n\t\t"s);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(result.end_offset, 2u);
  EXPECT_EQ(result.trailing_bytes, 4u);
  EXPECT_EQ(result.safety, Safety::kSafe);
}

TEST(ScanPickle, ExtraStackValuesAtStopAreSuspicious) {
  const PickleScan result = scan("NNN."s);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_NE(result.findings[0].find("2 extra value(s)"), std::string::npos) << result.findings[0];
}

TEST(ScanPickle, BaseOffsetShiftsReportedOffsets) {
  auto result = scan_pickle(as_bytes("cos\nsystem\n."s), 1000);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->imports[0].offset, 1000u);
  EXPECT_EQ(result->end_offset, 1012u);
}

TEST(ScanPickle, ExtensionCodesAreSuspiciousImports) {
  const PickleScan result = scan("\x80\x02\x82\x05)R."s);
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].opcode, "EXT1");
  EXPECT_EQ(result.imports[0].name, "5");
  EXPECT_TRUE(result.imports[0].called);
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  EXPECT_EQ(scan("\x80\x02\x83\x00\x00."s).error->rule(), "pickle.bad-argument");
}

TEST(ScanPickle, InstImportsAndCallsItsClass) {
  // malicious10.pkl: (S'...' i__builtin__\nexec\n
  const PickleScan result = scan("(S'print(1)'\ni__builtin__\nexec\n."s);
  ASSERT_EQ(result.imports.size(), 1u);
  EXPECT_EQ(result.imports[0].module, "__builtin__");
  EXPECT_EQ(result.imports[0].opcode, "INST");
  EXPECT_TRUE(result.imports[0].called);
  EXPECT_EQ(result.imports[0].safety, Safety::kDangerous);
}

TEST(ScanPickle, ObjAndNewObjMarkTheirClassCalled) {
  const PickleScan obj = scan("(cpathlib\nPosixPath\nS'/tmp'\no."s);
  ASSERT_EQ(obj.imports.size(), 1u);
  EXPECT_TRUE(obj.imports[0].called);
  EXPECT_EQ(obj.safety, Safety::kSafe);
  const PickleScan newobj = scan("\x80\x02\x63\x63ollections\nOrderedDict\n)\x81."s);
  EXPECT_TRUE(newobj.imports[0].called);
  const PickleScan newobj_ex = scan("\x80\x04\x63\x63ollections\nOrderedDict\n)}\x92."s);
  EXPECT_TRUE(newobj_ex.imports[0].called);
}

TEST(ScanPickle, EscapedNamesAreDecoded) {
  const PickleScan unicode = scan("\x80\x04V\\u006fs\nVsyst\\u0065m\n\x93."s);
  ASSERT_EQ(unicode.imports.size(), 1u);
  EXPECT_EQ(unicode.imports[0].module, "os");
  EXPECT_EQ(unicode.imports[0].name, "system");
  const PickleScan string = scan("\x80\x04S'o\\x73'\nS\"sys\\164em\"\n\x93."s);
  EXPECT_EQ(string.imports[0].module + "." + string.imports[0].name, "os.system");
}

TEST(ScanPickle, CallingACallResultIsSuspicious) {
  const PickleScan result = scan("\x80\x02\x63\x63ollections\nOrderedDict\n)R)R."s);
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_NE(result.findings[0].find("calls an object returned by an earlier call"),
            std::string::npos);
}

TEST(ScanPickle, NestedPickleLoadsPayloadIsScanned) {
  const std::string inner = "cos\nsystem\n(S'id'\ntR.";
  const std::string outer = "\x80\x03\x63pickle\nloads\n"s + binbytes(inner) + "\x85R.";
  const PickleScan result = scan(outer);
  ASSERT_EQ(result.imports.size(), 2u);
  EXPECT_EQ(result.imports[0].name, "loads");
  EXPECT_EQ(result.imports[1].module, "os");
  EXPECT_EQ(result.imports[1].nested_in, "pickle.loads at byte 43");
  EXPECT_EQ(result.safety, Safety::kDangerous);
}

TEST(ScanPickle, LoadFromBytesFollowsItsPayload) {
  const std::string safe_inner = "\x80\x02}q\x00."s;
  const std::string header = "\x80\x03\x63torch.storage\n_load_from_bytes\n"s;
  const PickleScan safe = scan(header + binbytes(safe_inner) + "\x85R.");
  EXPECT_EQ(safe.safety, Safety::kSafe);
  EXPECT_TRUE(safe.imports[0].called);

  const PickleScan bad = scan(header + binbytes("cposix\nsystem\n.") + "\x85R.");
  EXPECT_EQ(bad.safety, Safety::kDangerous);
  EXPECT_EQ(bad.imports[0].safety, Safety::kDangerous);
  EXPECT_NE(bad.imports[0].reason.find("payload it loads is dangerous"), std::string::npos);

  const PickleScan computed = scan(header + "N\x85R.");
  EXPECT_EQ(computed.safety, Safety::kSuspicious);
  EXPECT_NE(computed.imports[0].reason.find("computed argument"), std::string::npos);
}

TEST(ScanPickle, CodecsEncodedPayloadIsFollowed) {
  // Protocol 2 spells bytes as _codecs.encode(text, 'latin1'), as in malicious13a.
  const std::string stream =
      "c_pickle\nloads\n(c_codecs\nencode\n(Vcos\\u000asystem\\u000a.\nVlatin1\ntRtR."s;
  const PickleScan result = scan(stream);
  ASSERT_EQ(result.imports.size(), 3u);
  EXPECT_EQ(result.imports[2].module + "." + result.imports[2].name, "os.system");
  EXPECT_FALSE(result.imports[2].nested_in.empty());
}

TEST(ScanPickle, PayloadReusedThroughTheMemoIsNotRescannedWithoutEnd) {
  // Each call re-reads the same memoized payload: the work would grow with
  // the number of calls, not with the input, so the budget stops it.
  std::string stream =
      "\x80\x03\x63pickle\nloads\nq\x00"s + binbytes("cos\nsystem\n(S'id'\ntR.") + "q\x01\x85R0";
  for (int i = 0; i < 20; ++i) stream += "h\x00h\x01\x85R0"s;
  const PickleScan result = scan(stream + "N.");
  EXPECT_TRUE(result.complete);
  bool stopped = false;
  for (const auto& finding : result.findings) {
    stopped |= finding.find("more nested payload bytes than the stream holds") != std::string::npos;
  }
  EXPECT_TRUE(stopped);
  EXPECT_LT(result.imports.size(), 21u);
}

TEST(ScanPickle, NestingIsCappedAtThreeLevels) {
  std::string payload = "cos\nsystem\n.";
  for (int i = 0; i < 5; ++i)
    payload = "\x80\x03\x63pickle\nloads\n"s + binbytes(payload) + "\x85R.";
  const PickleScan result = scan(payload);
  EXPECT_EQ(result.safety, Safety::kDangerous);  // pickle.loads itself
  bool capped = false;
  for (const auto& finding : result.findings) {
    capped |= finding.find("nested more than 3 levels") != std::string::npos;
  }
  EXPECT_TRUE(capped);
}

TEST(ScanPickle, StackDepthIsCapped) {
  const std::string stream(size_t{1} << 18 | 1, 'N');
  const PickleScan result = scan(stream);
  EXPECT_EQ(result.error->rule(), "pickle.stack-too-deep");
  EXPECT_EQ(result.error->kind(), ErrorKind::kLimit);
}

TEST(PickleMachine, MemoIsCapped) {
  pickle::MachineLimits limits;
  limits.max_memo = 2;
  pickle::Machine machine(4, 0, limits);
  const std::string stream = "N\x94\x94\x94";
  ByteCursor cursor(as_bytes(stream));
  Status status = Ok{};
  while (status && !cursor.at_end()) {
    auto instruction = pickle::read_instruction(cursor);
    ASSERT_TRUE(instruction.has_value());
    status = machine.step(*instruction, cursor.remaining());
  }
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().rule(), "pickle.memo-too-large");
  EXPECT_EQ(status.error().offset(), 3u);
}

TEST(LooksLikePickle, RecognisesProtocolHeadersAndProtocolZeroStarts) {
  EXPECT_TRUE(looks_like_pickle(as_bytes("\x80\x02}q\x00."s)));
  EXPECT_TRUE(looks_like_pickle(as_bytes("\x80\x05"s)));
  EXPECT_FALSE(looks_like_pickle(as_bytes("\x80\x06"s)));
  EXPECT_TRUE(looks_like_pickle(as_bytes("cos\nsystem\n"s)));
  EXPECT_TRUE(looks_like_pickle(as_bytes("(S'x'\n"s)));
  EXPECT_TRUE(looks_like_pickle(as_bytes("Vos\np2\n0"s)));
  EXPECT_TRUE(looks_like_pickle(as_bytes("I12345\n."s)));
}

TEST(LooksLikePickle, RejectsTextAndOtherFormats) {
  EXPECT_FALSE(looks_like_pickle(as_bytes("little"s)));  // torch zip byteorder member
  EXPECT_FALSE(looks_like_pickle(as_bytes("3\n"s)));     // torch zip version member
  EXPECT_FALSE(looks_like_pickle(as_bytes("\x89PNG\r\n\x1a\n"s)));
  EXPECT_FALSE(looks_like_pickle(as_bytes("cmod\n\xf8\n"s)));  // picklescan not_a_pickle.bin
  EXPECT_FALSE(looks_like_pickle(as_bytes("MIT License"s)));
  EXPECT_FALSE(looks_like_pickle(as_bytes("N"s)));
  EXPECT_FALSE(looks_like_pickle(as_bytes(".."s)));
}

}  // namespace
}  // namespace owl
