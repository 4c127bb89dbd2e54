// read_pytorch on the real checkpoints of the shared corpus and on small
// archives built here with libzip.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "builders/zip_builder.h"
#include "owl/bytes.h"
#include "owl/pickle.h"
#include "test_support.h"

namespace owl {
namespace {

using namespace std::string_literals;
using Container = PytorchCheckpoint::Container;

Bytes as_bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

PytorchCheckpoint read_corpus(const std::string& relative) {
  const std::string bytes = testing::read_file(testing::corpus(relative));
  auto checkpoint = read_pytorch(as_bytes(bytes));
  EXPECT_TRUE(checkpoint.has_value())
      << relative << ": " << (checkpoint ? "" : checkpoint.error().message());
  return checkpoint ? *checkpoint : PytorchCheckpoint{};
}

std::string read_corpus_error(const std::string& relative) {
  const std::string bytes = testing::read_file(testing::corpus(relative));
  auto checkpoint = read_pytorch(as_bytes(bytes));
  return checkpoint ? "no error" : checkpoint.error().rule();
}

using testing::make_zip;

std::string binbytes(const std::string& payload) {
  const auto size = static_cast<uint32_t>(payload.size());
  std::string out = "B"s;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
  return out + payload;
}

std::string qualified(const PickleImport& import) { return import.module + "." + import.name; }

const std::string kSafePickle = "\x80\x02}q\x00X\x01\x00\x00\x00kq\x01K\x01s."s;
const std::string kOsSystemPickle = "\x80\x02\x63os\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85R."s;

TEST(ReadPytorch, CandleZipCheckpointIsSafe) {
  const PytorchCheckpoint checkpoint = read_corpus("pytorch/candle-test.pt");
  EXPECT_EQ(checkpoint.container, Container::kZip);
  ASSERT_EQ(checkpoint.entries.size(), 5u);
  EXPECT_EQ(checkpoint.entries[0].name, "test/data.pkl");
  EXPECT_TRUE(checkpoint.entries[0].is_pickle);
  EXPECT_EQ(checkpoint.entries[0].uncompressed_size, 171u);
  EXPECT_EQ(checkpoint.entries[2].name, "test/data/0");
  EXPECT_FALSE(checkpoint.entries[2].is_pickle);
  EXPECT_FALSE(checkpoint.entries[4].is_pickle);  // .data/serialization_id
  EXPECT_EQ(checkpoint.storage_bytes, 64u);
  ASSERT_EQ(checkpoint.pickles.size(), 1u);
  EXPECT_EQ(checkpoint.pickles[0].first, "test/data.pkl");
  const auto& imports = checkpoint.pickles[0].second.imports;
  ASSERT_EQ(imports.size(), 3u);
  EXPECT_EQ(qualified(imports[0]), "collections.OrderedDict");
  EXPECT_EQ(qualified(imports[1]), "torch._utils._rebuild_tensor_v2");
  EXPECT_EQ(qualified(imports[2]), "torch.LongStorage");
  EXPECT_EQ(checkpoint.safety, Safety::kSafe);
  EXPECT_TRUE(checkpoint.findings.empty());
}

TEST(ReadPytorch, LegacyStreamReadsItsFivePicklesAndStopsAtRawData) {
  const PytorchCheckpoint checkpoint = read_corpus("pytorch/picklescan-legacy-pytorch_model.bin");
  EXPECT_EQ(checkpoint.container, Container::kLegacyPickle);
  ASSERT_EQ(checkpoint.pickles.size(), 5u);
  const std::vector<std::string> names = {"@0", "@15", "@21", "@137", "@7258"};
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(checkpoint.pickles[i].first, names[i]);
  EXPECT_EQ(checkpoint.storage_bytes, 244862u - 8102u);
  EXPECT_EQ(checkpoint.safety, Safety::kSafe);
  const auto& object = checkpoint.pickles[3].second;
  EXPECT_EQ(object.imports.size(), 3u);
  EXPECT_EQ(qualified(object.imports[2]), "torch.FloatStorage");
}

TEST(ReadPytorch, TrainingArgsIsSuspiciousNotDangerous) {
  const PytorchCheckpoint checkpoint = read_corpus("pytorch/tashu014-training_args.bin");
  EXPECT_EQ(checkpoint.safety, Safety::kSuspicious);
  const auto& imports = checkpoint.pickles.at(0).second.imports;
  ASSERT_EQ(imports.size(), 10u);
  EXPECT_EQ(qualified(imports[0]), "transformers.training_args.TrainingArguments");
  EXPECT_TRUE(imports[0].called);
  for (const PickleImport& import : imports) EXPECT_NE(import.safety, Safety::kDangerous);
  EXPECT_EQ(checkpoint.findings.size(), 9u);  // every import but torch.device
  EXPECT_EQ(checkpoint.findings[0].rfind("suspicious: training_args/data.pkl: import", 0), 0u);
}

TEST(ReadPytorch, RngStateWithNumpyArraysIsSafe) {
  const PytorchCheckpoint checkpoint = read_corpus("pytorch/tashu014-rng_state.pth");
  EXPECT_EQ(checkpoint.safety, Safety::kSafe);
  EXPECT_EQ(checkpoint.storage_bytes, 5056u);
  bool saw_reconstruct = false;
  for (const auto& import : checkpoint.pickles.at(0).second.imports) {
    saw_reconstruct |= qualified(import) == "numpy._core.multiarray._reconstruct";
  }
  EXPECT_TRUE(saw_reconstruct);
}

TEST(ReadPytorch, MagicNumberComputedByEvalIsDangerous) {
  // The first pickle evaluates the magic number instead of spelling it.
  const PytorchCheckpoint checkpoint =
      read_corpus("pickle-malicious/picklescan-data/pytorch_magic_bypass.pt");
  EXPECT_EQ(checkpoint.container, Container::kPickle);
  ASSERT_EQ(checkpoint.pickles.size(), 6u);
  EXPECT_EQ(qualified(checkpoint.pickles[0].second.imports.at(0)), "__builtin__.eval");
  EXPECT_EQ(qualified(checkpoint.pickles[4].second.imports.at(0)), "posix.system");
  EXPECT_EQ(checkpoint.safety, Safety::kDangerous);
}

TEST(ReadPytorch, OtherContainersAreReportedAsUnsupported) {
  EXPECT_EQ(read_corpus_error("pickle-malicious/picklescan-data/malicious1.7z"),
            "pytorch.unsupported-container");
  EXPECT_EQ(read_corpus_error("pickle-malicious/picklescan-data/bad_pytorch.pt"),
            "pytorch.not-a-checkpoint");
  EXPECT_EQ(read_corpus_error("pickle-malicious/picklescan-data/not_a_pickle.bin"),
            "pytorch.not-a-checkpoint");
  auto gzip = read_pytorch(as_bytes("\x1f\x8b\x08\x00"s));
  ASSERT_FALSE(gzip.has_value());
  EXPECT_NE(gzip.error().detail().find("gzip"), std::string::npos);
}

TEST(ReadPytorch, EncryptionFlagOverAPlainPickleIsSeenThrough) {
  const PytorchCheckpoint checkpoint =
      read_corpus("pickle-malicious/picklescan-data/malicious1_0x1.zip");
  ASSERT_EQ(checkpoint.entries.size(), 1u);
  EXPECT_TRUE(checkpoint.entries[0].encrypted);
  EXPECT_TRUE(checkpoint.entries[0].is_pickle);
  EXPECT_EQ(checkpoint.safety, Safety::kDangerous);
  EXPECT_EQ(qualified(checkpoint.pickles.at(0).second.imports.at(0)), "builtins.eval");
}

TEST(ReadPytorch, RealEncryptionCannotBeScannedSoItIsSuspicious) {
  const PytorchCheckpoint checkpoint =
      read_corpus("pickle-malicious/picklescan-data/benign_password_protected.zip");
  EXPECT_TRUE(checkpoint.pickles.empty());
  EXPECT_EQ(checkpoint.safety, Safety::kSuspicious);
  ASSERT_EQ(checkpoint.findings.size(), 1u);
  EXPECT_EQ(checkpoint.findings[0],
            "suspicious: test.txt: member is encrypted, so its contents could not be scanned");
}

TEST(ReadPytorch, CrcMismatchIsNotedAndScannedAnyway) {
  const PytorchCheckpoint checkpoint =
      read_corpus("pickle-malicious/picklescan-data2/malicious1_crc.zip");
  EXPECT_EQ(checkpoint.safety, Safety::kDangerous);
  bool noted = false;
  for (const auto& finding : checkpoint.findings)
    noted |= finding.find("CRC mismatch") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(ReadPytorch, NumpyObjectArraysAreScannedAndPlainArraysAreNot) {
  const PytorchCheckpoint npz =
      read_corpus("pickle-malicious/picklescan-data2/object_arrays_compressed.npz");
  ASSERT_EQ(npz.pickles.size(), 2u);
  EXPECT_EQ(npz.pickles[0].first, "a.npy");
  EXPECT_TRUE(npz.entries[0].is_pickle);
  EXPECT_EQ(npz.safety, Safety::kSafe);
  EXPECT_TRUE(read_corpus("pickle-malicious/picklescan-data2/int_arrays.npz").pickles.empty());

  const PytorchCheckpoint npy =
      read_corpus("pickle-malicious/picklescan-data2/dns_exfiltration.npy");
  EXPECT_EQ(npy.container, Container::kNumpy);
  ASSERT_EQ(npy.pickles.size(), 1u);
  EXPECT_EQ(npy.pickles[0].first, "@128");
  bool saw_ssl = false;
  for (const auto& import : npy.pickles[0].second.imports) {
    saw_ssl |= qualified(import) == "ssl.get_server_certificate" &&
               import.safety == Safety::kDangerous && import.called;
  }
  EXPECT_TRUE(saw_ssl);
  const PytorchCheckpoint plain = read_corpus("pickle-malicious/picklescan-data2/int_array.npy");
  EXPECT_EQ(plain.storage_bytes, 16u);
  EXPECT_TRUE(plain.pickles.empty());
}

TEST(ReadPytorch, NpyHeaderFaultsAreErrors) {
  auto future = read_pytorch(as_bytes("\x93NUMPY\x09\x00\x10\x00"s));
  ASSERT_FALSE(future.has_value());
  EXPECT_EQ(future.error().rule(), "numpy.unsupported-version");
  auto truncated = read_pytorch(as_bytes("\x93NUMPY\x01\x00\xff\x00{'descr'"s));
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().rule(), "numpy.truncated-header");
}

TEST(ReadPytorch, PickleUnderAnyMemberNameIsFound) {
  const std::string zip = make_zip({{"notes/readme.txt", kOsSystemPickle, true}});
  auto checkpoint = read_pytorch(as_bytes(zip));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_TRUE(checkpoint->entries[0].is_pickle);
  EXPECT_EQ(checkpoint->entries[0].uncompressed_size, kOsSystemPickle.size());
  EXPECT_EQ(checkpoint->safety, Safety::kDangerous);
}

TEST(ReadPytorch, StorageThatStartsLikeAPickleIsNotScanned) {
  const std::string noise = "\x80\x02\xff\xfe"s + std::string(60, '\x07');
  const std::string zip = make_zip({{"archive/data.pkl", kSafePickle}, {"archive/data/0", noise}});
  auto checkpoint = read_pytorch(as_bytes(zip));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->safety, Safety::kSafe);
  EXPECT_FALSE(checkpoint->entries[1].is_pickle);
  EXPECT_EQ(checkpoint->storage_bytes, noise.size());
  EXPECT_EQ(checkpoint->pickles.size(), 1u);
}

TEST(ReadPytorch, StorageHoldingACompletePickleIsReported) {
  const std::string zip =
      make_zip({{"archive/data.pkl", kSafePickle}, {"archive/data/0", kOsSystemPickle}});
  auto checkpoint = read_pytorch(as_bytes(zip));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_TRUE(checkpoint->entries[1].is_pickle);
  EXPECT_EQ(checkpoint->safety, Safety::kDangerous);
}

TEST(ReadPytorch, BytesAfterStopInAMemberAreSuspicious) {
  const std::string zip = make_zip({{"archive/data.pkl", kSafePickle + "PK\x03\x04junk"}});
  auto checkpoint = read_pytorch(as_bytes(zip));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->safety, Safety::kSuspicious);
  ASSERT_EQ(checkpoint->findings.size(), 1u);
  EXPECT_EQ(checkpoint->findings[0],
            "suspicious: archive/data.pkl: 8 bytes follow the pickle's STOP (appended data)");
}

TEST(ReadPytorch, LoadFromBytesPayloadIsFollowedIntoANestedArchive) {
  const std::string header = "\x80\x02\x63torch.storage\n_load_from_bytes\nq\x00"s;
  const std::string bad_inner = make_zip({{"archive/data.pkl", kOsSystemPickle}});
  const std::string bad_outer =
      make_zip({{"archive/data.pkl", header + binbytes(bad_inner) + "\x85R."}});
  auto bad = read_pytorch(as_bytes(bad_outer));
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->safety, Safety::kDangerous);
  const auto& imports = bad->pickles.at(0).second.imports;
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(qualified(imports[1]), "os.system");
  EXPECT_EQ(imports[1].nested_in.rfind("torch.storage._load_from_bytes at byte", 0), 0u);

  const std::string good_inner = make_zip({{"archive/data.pkl", kSafePickle}});
  const std::string good_outer =
      make_zip({{"archive/data.pkl", header + binbytes(good_inner) + "\x85R."}});
  auto good = read_pytorch(as_bytes(good_outer));
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->safety, Safety::kSafe);
}

TEST(ReadPytorch, HugeClaimedEntryCountIsRefusedBeforeLibzip) {
  std::string zip = "PK\x03\x04"s + std::string(26, '\0');
  const auto put = [&zip](uint64_t value, int width) {
    for (int i = 0; i < width; ++i) zip.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  };
  const uint64_t record = zip.size();
  zip += "PK\x06\x06"s;
  put(44, 8), put(45, 2), put(45, 2), put(0, 4), put(0, 4);
  put(uint64_t{1} << 40, 8), put(uint64_t{1} << 40, 8), put(0, 8), put(0, 8);
  zip += "PK\x06\x07"s;
  put(0, 4), put(record, 8), put(1, 4);
  zip += "PK\x05\x06"s;
  put(0, 2), put(0, 2), put(0xFFFF, 2), put(0xFFFF, 2), put(0xFFFFFFFF, 4), put(0xFFFFFFFF, 4),
      put(0, 2);
  auto checkpoint = read_pytorch(as_bytes(zip));
  ASSERT_FALSE(checkpoint.has_value());
  EXPECT_EQ(checkpoint.error().rule(), "pytorch.too-many-entries");
  EXPECT_EQ(checkpoint.error().kind(), ErrorKind::kLimit);
}

TEST(ReadPytorch, UnreadableZipIsBadZip) {
  auto checkpoint = read_pytorch(as_bytes("PK\x03\x04 definitely not a zip"s));
  ASSERT_FALSE(checkpoint.has_value());
  EXPECT_EQ(checkpoint.error().rule(), "pytorch.bad-zip");
}

TEST(ReadPytorch, PicklesBackToBackAreAllScanned) {
  auto checkpoint = read_pytorch(as_bytes("N." + kOsSystemPickle));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->container, Container::kPickle);
  ASSERT_EQ(checkpoint->pickles.size(), 2u);
  EXPECT_EQ(checkpoint->pickles[1].first, "@2");
  EXPECT_EQ(checkpoint->pickles[1].second.imports.at(0).offset, 4u);
  EXPECT_EQ(checkpoint->safety, Safety::kDangerous);
}

TEST(ReadPytorch, TrailingNonPickleBytesAreSuspicious) {
  auto checkpoint = read_pytorch(as_bytes(kSafePickle + "\n\n\t\t"));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->safety, Safety::kSuspicious);
  ASSERT_EQ(checkpoint->findings.size(), 1u);
  EXPECT_NE(checkpoint->findings[0].find("4 trailing bytes"), std::string::npos);
}

TEST(ReadPytorch, ShortLegacyStreamIsSuspicious) {
  const std::string magic = "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19."s;
  auto checkpoint = read_pytorch(as_bytes(magic));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->container, Container::kLegacyPickle);
  EXPECT_EQ(checkpoint->safety, Safety::kSuspicious);
  EXPECT_NE(checkpoint->findings.at(0).find("1 of the 5 pickles"), std::string::npos);
}

// Over a prefix of a longer file, running off the bytes at hand is "ask for
// more", never the truncated stream the same bytes are as a whole file.
TEST(PytorchPrefix, APrefixThatEndsInsideAPickleAsksForMore) {
  const std::string bytes =
      testing::read_file(testing::corpus("pytorch/picklescan-legacy-pytorch_model.bin"));
  const std::string head = bytes.substr(0, 600);
  auto alone = read_pytorch(as_bytes(head));
  ASSERT_TRUE(alone.has_value());
  EXPECT_NE(alone->safety, Safety::kSafe);  // as a whole file, 600 bytes are a cut stream
  PicklePrefixNeed need;
  auto prefix = read_pytorch(as_bytes(head), bytes.size(), need);
  ASSERT_FALSE(prefix.has_value());
  EXPECT_EQ(prefix.error().rule(), kPickleNeedsMoreBytes);
  // With the whole file at hand the prefix reader is the whole-file reader.
  auto whole = read_pytorch(as_bytes(bytes), bytes.size(), need);
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->container, Container::kLegacyPickle);
  EXPECT_EQ(whole->storage_bytes,
            read_corpus("pytorch/picklescan-legacy-pytorch_model.bin").storage_bytes);
}

// A payload's length says how far the prefix must reach.
TEST(PytorchPrefix, APayloadPastThePrefixSaysWhereItEnds) {
  const std::string pickle = "\x80\x04"s + binbytes(std::string(5000, 'x')) + ".";
  PicklePrefixNeed need;
  auto prefix = read_pytorch(as_bytes(pickle.substr(0, 1000)), pickle.size(), need);
  ASSERT_FALSE(prefix.has_value());
  EXPECT_EQ(prefix.error().rule(), kPickleNeedsMoreBytes);
  EXPECT_EQ(need.needed_end, pickle.size() - 1);  // the payload ends just before STOP
}

}  // namespace
}  // namespace owl
