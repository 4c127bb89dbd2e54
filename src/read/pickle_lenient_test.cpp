// Malformed streams are read on like a lenient loader would: the rule the
// stream broke stays a finding, and a dangerous import anywhere in what can
// be decoded makes the scan dangerous (never safer than the strict reading).
#include <gtest/gtest.h>

#include "owl/pickle.h"
#include "read/pickle_test_streams.h"

namespace owl {
namespace {

using namespace pickle_test;

bool has_finding(const PickleScan& result, std::string_view part) {
  for (const auto& finding : result.findings) {
    if (finding.find(part) != std::string::npos) return true;
  }
  return false;
}

const PickleImport* find_import(const PickleScan& result, const std::string& global) {
  for (const auto& import : result.imports) {
    if (import.module + "." + import.name == global) return &import;
  }
  return nullptr;
}

TEST(LenientPickle, FrameLongerThanTheInputCoversTheRest) {
  // The FRAME announces 4096 bytes; what follows is a call of os.system. The
  // C unpickler refuses the FRAME, the pure-Python one reads what is there.
  const std::string body = stack_global("os", "system") + short_unicode("id") + "\x85R.";
  const PickleScan result = scan("\x80\x04"s + frame(4096) + body);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->rule(), "pickle.frame-overrun");
  const PickleImport* system = find_import(result, "os.system");
  ASSERT_NE(system, nullptr);
  EXPECT_TRUE(system->called);
  EXPECT_TRUE(system->after_fault);
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(result,
                          "suspicious: the stream is malformed: byte 2: "
                          "pickle.frame-overrun"));
  EXPECT_TRUE(has_finding(result, "after the stream broke a rule"));
  EXPECT_FALSE(result.complete);
}

TEST(LenientPickle, TruncatedTailAfterADangerousCallIsDangerous) {
  const std::string stream = "\x80\x02"s + call_pickle("os", "system", "id");
  const std::string truncated = stream.substr(0, stream.size() - 1) + "X\x00\x01\x00\x00ab"s;
  const PickleScan result = scan(truncated);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->rule(), "pickle.truncated");
  ASSERT_NE(find_import(result, "os.system"), nullptr);
  EXPECT_TRUE(find_import(result, "os.system")->called);
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(result, "pickle.truncated"));
}

TEST(LenientPickle, UnknownOpcodeAfterGlobalAndReduceIsDangerous) {
  const std::string stream = "\x80\x02"s + "cos\nsystem\n(S'id'\ntR" + "\xff\xfe" + "N.";
  const PickleScan result = scan(stream);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->rule(), "pickle.unknown-opcode");
  EXPECT_EQ(result.error->offset(), 22u);
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_TRUE(find_import(result, "os.system")->called);
  EXPECT_FALSE(find_import(result, "os.system")->after_fault);
  EXPECT_TRUE(has_finding(result, "pickle.unknown-opcode"));
}

TEST(LenientPickle, ImportAfterAnUnknownOpcodeIsFound) {
  // A junk byte hides the call from a strict reading; owl resynchronises.
  const std::string stream = "\x80\x02N\xff"s + call_pickle("posix", "system", "id");
  const PickleScan result = scan(stream);
  const PickleImport* system = find_import(result, "posix.system");
  ASSERT_NE(system, nullptr);
  EXPECT_TRUE(system->after_fault);
  EXPECT_TRUE(system->called);
  EXPECT_EQ(result.safety, Safety::kDangerous);
}

TEST(LenientPickle, PayloadLongerThanTheInputIsTheRest) {
  // BINUNICODE claims 2^29 bytes; the rest of the input is its text.
  const std::string stream = "cbuiltins\nexec\n(X\x00\x00\x00\x20print(1)"s;
  const PickleScan result = scan(stream);
  EXPECT_EQ(result.error->rule(), "pickle.truncated");
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_EQ(result.end_offset, stream.size());
}

TEST(LenientPickle, ABenignStreamWithFaultsStaysSuspicious) {
  const PickleScan result = scan("\x80\x02}\xff\xfe\xfd(K\x01K\x02u."s);
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  EXPECT_TRUE(result.imports.empty());
  EXPECT_TRUE(has_finding(result, "pickle.unknown-opcode"));
  EXPECT_TRUE(has_finding(result, "more faults after those listed") ||
              result.findings.size() == 3u);
}

TEST(LenientPickle, ManyFaultsAreCountedNotListed) {
  const PickleScan result = scan("N"s + std::string(64, '\xff') + ".");
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  EXPECT_TRUE(has_finding(result, "60 more faults after those listed"));
  EXPECT_LE(result.findings.size(), 6u);
}

TEST(LenientPickle, JunkWithoutEndIsCappedByFaults) {
  const PickleScan result = scan("N"s + std::string(100000, '\xff'));
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->rule(), "pickle.unknown-opcode");
  EXPECT_TRUE(has_finding(result, "pickle.too-many-faults"));
}

}  // namespace
}  // namespace owl
