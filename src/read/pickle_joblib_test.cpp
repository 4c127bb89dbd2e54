// joblib files: the NumpyArrayWrapper marker is safe, and zlib-compressed
// files are inflated and scanned inside. Streams are built here as bytes.
#include <gtest/gtest.h>

#include "owl/pickle.h"
#include "read/pickle_test_streams.h"

namespace owl {
namespace {

using namespace pickle_test;

// The shape of joblib.dump({"w": array}) in protocol 4, without the raw array
// bytes that would follow the wrapper (a zero-length array): NEWOBJ of the
// wrapper, then BUILD with its state (subclass, shape, order, dtype, ...).
std::string joblib_wrapper_pickle() {
  return "\x80\x04}\x94"s + short_unicode("w") + "\x94" +
         stack_global("joblib.numpy_pickle", "NumpyArrayWrapper") + ")\x81\x94}\x94(" +
         short_unicode("subclass") + stack_global("numpy", "ndarray") + short_unicode("shape") +
         "K\x00\x85\x94"s + short_unicode("order") + short_unicode("C") + short_unicode("dtype") +
         stack_global("numpy", "dtype") + short_unicode("f8") + "\x89\x88\x87\x94R\x94(K\x03" +
         short_unicode("<") +
         "NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00t\x94"
         "b"s +
         short_unicode("allow_mmap") + "\x89ubs.";
}

TEST(Joblib, NumpyArrayWrapperIsSafe) {
  auto result = scan_pickle(as_bytes(joblib_wrapper_pickle()));
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->complete) << (result->error ? result->error->message() : "");
  EXPECT_EQ(result->safety, Safety::kSafe);
  EXPECT_TRUE(result->findings.empty()) << result->findings.front();
  ASSERT_FALSE(result->imports.empty());
  EXPECT_EQ(result->imports[0].name, "NumpyArrayWrapper");
  EXPECT_TRUE(result->imports[0].called);
}

TEST(Joblib, ZlibCompressedFileIsInflatedAndScanned) {
  const std::string file = zlib_compress(joblib_wrapper_pickle());
  EXPECT_TRUE(looks_like_compressed_pickle(as_bytes(file)));
  auto checkpoint = read_pytorch(as_bytes(file));
  ASSERT_TRUE(checkpoint.has_value()) << checkpoint.error().message();
  EXPECT_EQ(checkpoint->safety, Safety::kSafe);
  ASSERT_EQ(checkpoint->pickles.size(), 1u);
  EXPECT_EQ(checkpoint->pickles[0].first, "zlib:@0");
}

TEST(Joblib, CompressedMaliciousPickleIsDangerous) {
  const std::string file = zlib_compress(call_pickle("posix", "system", "id"));
  auto checkpoint = read_pytorch(as_bytes(file));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->safety, Safety::kDangerous);
  ASSERT_FALSE(checkpoint->findings.empty());
  EXPECT_EQ(checkpoint->findings[0].rfind("dangerous: zlib:@0: import posix.system", 0), 0u)
      << checkpoint->findings[0];
}

TEST(Joblib, CompressionNestedInItselfIsCapped) {
  std::string file = call_pickle("posix", "system", "id");
  for (int i = 0; i < 6; ++i) file = zlib_compress(file);
  auto checkpoint = read_pytorch(as_bytes(file));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->safety, Safety::kSuspicious);
  ASSERT_FALSE(checkpoint->findings.empty());
  EXPECT_NE(checkpoint->findings[0].find("nested more than 3 levels deep"), std::string::npos)
      << checkpoint->findings[0];
}

TEST(Joblib, CompressedTextIsNotACheckpoint) {
  EXPECT_FALSE(looks_like_compressed_pickle(as_bytes(zlib_compress("hello, world"))));
  EXPECT_FALSE(read_pytorch(as_bytes(zlib_compress("hello, world"))).has_value());
}

}  // namespace
}  // namespace owl
