// The byte-source seam: every corpus weights file read through ranged reads
// (a RangedMemorySource, as a Hub file is) comes out as it does from the
// local mapping, and the ranged path fetches headers only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "builders/gguf_builder.h"
#include "builders/tar_builder.h"
#include "builders/zip_builder.h"
#include "owl/byte_source.h"
#include "read/artifact_readers.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using detail::ArtifactFacts;
using detail::RangedLimits;
using testing::GgufBuilder;
using namespace std::string_literals;

// The one note a remote zip checkpoint legitimately adds: its storages are
// not fetched.
constexpr std::string_view kStoragesNotFetched = "read remotely: tensor storages were not fetched";

std::vector<uint8_t> vector_of(const std::string& bytes) { return {bytes.begin(), bytes.end()}; }

FoundFile found(const fs::path& path, const std::string& relative) {
  return FoundFile{path.string(), relative, fs::file_size(path), FileRole::kWeights, std::nullopt};
}

std::string sites_of(const std::optional<PickleSites>& sites) {
  if (!sites) return "none";
  std::string out;
  for (const auto& [where, global] : sites->globals)
    out += where + " " + global.module + "." + global.name + ";";
  for (const auto& [where, call] : sites->calls) out += where + " call " + call.callable + ";";
  return out + std::to_string(sites->calls_not_recorded);
}

// Field by field, so a failure names the field that differs.
void expect_same_artifact(const Artifact& local, const Artifact& ranged, const std::string& what) {
  EXPECT_EQ(local.path, ranged.path) << what;
  EXPECT_EQ(local.format, ranged.format) << what;
  EXPECT_EQ(local.size_bytes, ranged.size_bytes) << what;
  EXPECT_EQ(local.parameter_count, ranged.parameter_count) << what;
  EXPECT_EQ(local.tensor_count, ranged.tensor_count) << what;
  EXPECT_EQ(local.tensor_types, ranged.tensor_types) << what;
  EXPECT_EQ(local.architecture, ranged.architecture) << what;
  EXPECT_EQ(local.sha256, ranged.sha256) << what;
  EXPECT_EQ(local.recorded_sha256, ranged.recorded_sha256) << what;
  EXPECT_EQ(local.safety, ranged.safety) << what;
  EXPECT_EQ(local.safety_findings, ranged.safety_findings) << what;
  EXPECT_EQ(sites_of(local.pickle_sites), sites_of(ranged.pickle_sites)) << what;
  EXPECT_EQ(local.notes, ranged.notes) << what;
  EXPECT_EQ(local.warnings, ranged.warnings) << what;
  EXPECT_EQ(local.error.has_value(), ranged.error.has_value()) << what;
  if (local.error && ranged.error) {
    EXPECT_EQ(local.error->message(), ranged.error->message()) << what;
  }
}

void expect_same_facts(const ArtifactFacts& local, ArtifactFacts ranged, const std::string& what) {
  auto& notes = ranged.artifact.notes;
  std::erase_if(notes,
                [](const std::string& note) { return note.starts_with(kStoragesNotFetched); });
  expect_same_artifact(local.artifact, ranged.artifact, what);
  ASSERT_EQ(local.licenses.size(), ranged.licenses.size()) << what;
  for (size_t i = 0; i < local.licenses.size(); ++i) {
    EXPECT_EQ(local.licenses[i].value, ranged.licenses[i].value) << what;
    EXPECT_EQ(local.licenses[i].source.describe(), ranged.licenses[i].source.describe()) << what;
  }
  ASSERT_EQ(local.base_models.size(), ranged.base_models.size()) << what;
  for (size_t i = 0; i < local.base_models.size(); ++i)
    EXPECT_EQ(local.base_models[i].name, ranged.base_models[i].name) << what;
  ASSERT_EQ(local.datasets.size(), ranged.datasets.size()) << what;
  for (size_t i = 0; i < local.datasets.size(); ++i)
    EXPECT_EQ(local.datasets[i].name, ranged.datasets[i].name) << what;
  ASSERT_EQ(local.gguf_split.has_value(), ranged.gguf_split.has_value()) << what;
  if (local.gguf_split) {
    EXPECT_EQ(local.gguf_split->tensor_names, ranged.gguf_split->tensor_names) << what;
    EXPECT_EQ(local.gguf_split->count, ranged.gguf_split->count) << what;
  }
}

// Small limits, so even the corpus's small files go through every ranged
// reader (growing GGUF prefixes, a second safetensors read, libzip over
// ranges) instead of being read whole at the first request.
RangedLimits tight_limits() {
  RangedLimits limits;
  limits.first_read = 128;
  limits.gguf_first = 4096;
  limits.whole_cap = uint64_t{64} << 20;
  return limits;
}

const char* const kCorpusFolders[] = {
    "gguf",    "gguf-crafted",    "gguf-generated", "safetensors", "safetensors-crafted",
    "pytorch", "pickle-malicious"};

TEST(WeightsSeam, EveryCorpusFileReadsTheSameThroughRangedReads) {
  size_t files = 0, ranged_zips = 0;
  for (const char* folder : kCorpusFolders) {
    for (const auto& entry : fs::recursive_directory_iterator(testing::corpus(folder))) {
      if (!entry.is_regular_file()) continue;
      const std::string relative =
          fs::relative(entry.path(), testing::corpus_dir()).generic_string();
      const FoundFile file = found(entry.path(), relative);
      const ArtifactFacts local = detail::read_weights_file(file);
      for (const RangedLimits& limits : {RangedLimits{}, tight_limits()}) {
        RangedMemorySource source(vector_of(testing::read_file(entry.path())), relative);
        const ArtifactFacts ranged = detail::read_weights_file(file, source, limits);
        if (std::any_of(ranged.artifact.notes.begin(), ranged.artifact.notes.end(),
                        [](const std::string& n) { return n.starts_with(kStoragesNotFetched); }))
          ++ranged_zips;
        expect_same_facts(local, ranged,
                          relative + " first read " + std::to_string(limits.first_read));
      }
      ++files;
    }
  }
  EXPECT_GT(files, 150u);
  EXPECT_GT(ranged_zips, 15u);  // the tight limits really drove libzip over ranges
}

std::string safetensors_file(uint64_t data_bytes) {
  const std::string header = R"({"w":{"dtype":"U8","shape":[)" + std::to_string(data_bytes) +
                             R"(],"data_offsets":[0,)" + std::to_string(data_bytes) + "]}}";
  std::string bytes = GgufBuilder::u64(header.size()) + header;
  return bytes + std::string(data_bytes, '\0');
}

TEST(WeightsSeam, SafetensorsAndGgufFetchOnlyTheirHeaders) {
  constexpr uint64_t kData = uint64_t{32} << 20;
  const std::pair<std::string, std::string> files[] = {
      {"model.safetensors", safetensors_file(kData)},
      {"model.gguf", GgufBuilder()
                         .kv_string("general.architecture", "llama")
                         .tensor("w", {kData / 4}, 0 /* F32 */, 0)
                         .data(kData)
                         .build()}};
  for (const auto& [name, bytes] : files) {
    RangedMemorySource source(vector_of(bytes), name);
    const ArtifactFacts facts = detail::read_weights_file(
        FoundFile{name, name, bytes.size(), FileRole::kWeights, {}}, source);
    ASSERT_FALSE(facts.artifact.error) << facts.artifact.error->message();
    EXPECT_EQ(facts.artifact.tensor_count, 1u) << name;
    // One request of the first 64 KiB holds these headers.
    EXPECT_EQ(source.reads(), 1u) << name;
    EXPECT_EQ(source.bytes_read(), RangedLimits{}.first_read) << name;
  }
}

TEST(WeightsSeam, CorpusHeadersCostFewRequests) {
  for (const char* folder : {"safetensors", "safetensors-crafted", "gguf", "gguf-crafted"}) {
    for (const auto& entry : fs::directory_iterator(testing::corpus(folder))) {
      const std::string bytes = testing::read_file(entry.path());
      RangedMemorySource source(vector_of(bytes), entry.path().filename().string());
      const FoundFile file = found(entry.path(), entry.path().filename().string());
      const ArtifactFacts facts = detail::read_weights_file(file, source, tight_limits());
      // safetensors: the first read, then at most the rest of the header (a
      // file of at most 1 KiB, possibly an LFS pointer, is read whole);
      // GGUF: the first 128 bytes, then prefixes sized by the reader's
      // estimate of where the header ends: at most 6 requests for the real
      // vocabularies of up to 2.2 MB (doubling from 4 KiB would take 11).
      const bool gguf = std::string_view(folder).starts_with("gguf");
      EXPECT_LE(source.reads(), gguf ? 6u : 2u) << entry.path();
      if (!gguf && bytes.size() > 1024) {
        uint64_t length = 0;
        std::memcpy(&length, bytes.data(), 8);
        EXPECT_LE(source.bytes_read(), std::max<uint64_t>(tight_limits().first_read, length + 8))
            << entry.path();
      }
      EXPECT_LE(source.bytes_read(), bytes.size()) << entry.path();
    }
  }
}

TEST(WeightsSeam, ZipCheckpointPickleIsJudgedWithoutItsStorages) {
  // A torch.save archive whose pickle calls os.system, beside 48 MiB of storage.
  const std::string pickle = "cos\nsystem\n(S'echo owned'\ntR.";
  const std::string zip = testing::make_zip({{"archive/data.pkl", pickle, true},
                                             {"archive/data/0", std::string(48u << 20, 'x')},
                                             {"archive/version", "3\n"}});
  const FoundFile file{"model.pt", "model.pt", zip.size(), FileRole::kWeights, {}};
  RangedMemorySource source(vector_of(zip), "model.pt");
  const ArtifactFacts ranged = detail::read_weights_file(file, source);
  ASSERT_FALSE(ranged.artifact.error) << ranged.artifact.error->message();
  EXPECT_EQ(ranged.artifact.format, ArtifactFormat::kPytorchZip);
  EXPECT_EQ(ranged.artifact.safety, Safety::kDangerous);
  EXPECT_LT(source.bytes_read(), uint64_t{1} << 20);
  // The first 64 KiB (the pickle member) and the last 128 KiB (the central
  // directory and the small members after the storages).
  EXPECT_LE(source.reads(), 2u);
}

// Serves the first `good_reads` reads, then fails as a dropped connection.
class DroppingSource final : public ByteSource {
 public:
  DroppingSource(const std::string& bytes, std::string name, size_t good_reads)
      : inner_(vector_of(bytes), name), name_(std::move(name)), good_reads_(good_reads) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return inner_.size(); }
  Expected<Bytes> read(uint64_t offset, uint64_t length) override {
    if (inner_.reads() >= good_reads_)
      return Error::io(name_, "hub.connection-reset", "the connection was reset");
    return inner_.read(offset, length);
  }

 private:
  RangedMemorySource inner_;
  std::string name_;
  size_t good_reads_;
};

// A read that fails after the sniff is the artifact's error, with the
// source's rule, whichever reader was fetching: the safetensors header's
// second read, libzip's read of the central directory.
TEST(WeightsSeam, FailedReadMidWayIsTheArtifactsErrorWithTheSourcesRule) {
  const std::string header = "{\"a\":" + std::string(100'000, ' ') + "{}}";
  const std::pair<std::string, std::string> files[] = {
      {"model.safetensors", GgufBuilder::u64(header.size()) + header},
      {"model.pt", testing::make_zip({{"archive/data.pkl", "\x80\x02}q\x00."},
                                      {"archive/data/0", std::string(1u << 20, 'x')}})}};
  for (const auto& [name, bytes] : files) {
    DroppingSource source(bytes, name, 1);
    const ArtifactFacts facts = detail::read_weights_file(
        FoundFile{name, name, bytes.size(), FileRole::kWeights, {}}, source);
    ASSERT_TRUE(facts.artifact.error.has_value()) << name;
    EXPECT_EQ(facts.artifact.error->rule(), "hub.connection-reset") << name;
    EXPECT_EQ(facts.artifact.error->file(), name);
  }
}

// A file too large to fetch whole, in a format that needs it whole (HDF5;
// a gzip'd .nemo, which cannot be read by ranges), is not inspected, and
// never judged safe unread.
TEST(WeightsSeam, OverCapWholeFileFormatIsSuspiciousAndNotFetched) {
  const std::tuple<std::string, std::string, ArtifactFormat> cases[] = {
      {"model.h5", std::string("\x89HDF\r\n\x1a\n", 8), ArtifactFormat::kKerasH5},
      {"model.nemo", std::string("\x1f\x8b\x08\x00", 4), ArtifactFormat::kNemo}};
  for (const auto& [name, magic, format] : cases) {
    const std::string bytes = magic + std::string(1u << 20, '\0');
    RangedMemorySource source(vector_of(bytes), name);
    RangedLimits limits;
    limits.whole_cap = 512u << 10;
    const ArtifactFacts facts = detail::read_weights_file(
        FoundFile{name, name, bytes.size(), FileRole::kWeights, {}}, source, limits);
    EXPECT_EQ(facts.artifact.format, format) << name;
    EXPECT_EQ(facts.artifact.safety, Safety::kSuspicious) << name;
    ASSERT_EQ(facts.artifact.safety_findings.size(), 1u) << name;
    EXPECT_TRUE(facts.artifact.safety_findings[0].starts_with("cannot inspect remotely")) << name;
    EXPECT_EQ(source.bytes_read(), limits.first_read) << name;
  }
}

bool cannot_inspect(const Artifact& artifact) {
  return std::any_of(artifact.safety_findings.begin(), artifact.safety_findings.end(),
                     [](const std::string& f) { return f.starts_with("cannot inspect remotely"); });
}

// Legacy torch.save streams, plain pickles and .npy files keep what is
// judged at their start: past the whole-file cap they are read from a
// growing prefix and judged exactly as locally, storages unfetched. Each is
// a corpus file followed by 20 MiB of zero bytes (storage, array data or
// appended bytes). Nothing here is ever loaded by Python.
TEST(WeightsSeam, LargeLegacyTorchPickleAndNpyAreJudgedFromTheirStart) {
  constexpr uint64_t kTail = uint64_t{20} << 20;
  const std::pair<const char*, const char*> cases[] = {
      {"pytorch/picklescan-legacy-pytorch_model.bin", "pytorch_model.bin"},
      {"pickle-malicious/picklescan-data/malicious2_v3.pkl", "pytorch_model.bin"},
      {"pickle-malicious/picklescan-data/malicious13a.pkl", "model.pkl"},
      {"pickle-malicious/picklescan-data2/int_array.npy", "weights.npy"},
      {"pickle-malicious/picklescan-data2/dns_exfiltration.npy", "weights.npy"}};
  size_t dangerous = 0;
  for (const auto& [corpus_file, name] : cases) {
    std::string bytes = testing::read_file(testing::corpus(corpus_file));
    bytes.append(kTail, '\0');
    const FoundFile file{name, name, bytes.size(), FileRole::kWeights, {}};
    ArtifactFacts local;
    local.artifact.path = name;
    local.artifact.size_bytes = bytes.size();
    detail::read_weights_bytes(Bytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
                               file, local);
    RangedMemorySource source(vector_of(bytes), name);
    const ArtifactFacts ranged = detail::read_weights_file(file, source);
    expect_same_facts(local, ranged, corpus_file);
    EXPECT_FALSE(cannot_inspect(ranged.artifact)) << corpus_file;
    EXPECT_LT(source.bytes_read(), uint64_t{1} << 20) << corpus_file;
    EXPECT_LE(source.reads(), 3u) << corpus_file;
    if (ranged.artifact.safety == Safety::kDangerous) ++dangerous;
  }
  EXPECT_EQ(dangerous, 3u);  // the two malicious pickles and the exfiltrating array
}

// A pickle that goes on past the prefix cap (here a 2 MiB BINBYTES8 with a
// 1 MiB cap) is not inspected, and is never safe unread; the opcode's
// length says so before anything past the first read is fetched.
TEST(WeightsSeam, PickleOverThePrefixCapIsSuspiciousAndNotFetched) {
  constexpr uint64_t kPayload = uint64_t{2} << 20;
  std::string pickle = std::string("\x80\x04\x8e", 3) + GgufBuilder::u64(kPayload);
  pickle += std::string(kPayload, 'x') + ".";
  RangedMemorySource source(vector_of(pickle), "model.pkl");
  RangedLimits limits;
  limits.prefix_cap = uint64_t{1} << 20;
  const ArtifactFacts facts = detail::read_weights_file(
      FoundFile{"model.pkl", "model.pkl", pickle.size(), FileRole::kWeights, {}}, source, limits);
  EXPECT_EQ(facts.artifact.format, ArtifactFormat::kPickle);
  EXPECT_EQ(facts.artifact.safety, Safety::kSuspicious);
  EXPECT_TRUE(cannot_inspect(facts.artifact));
  EXPECT_EQ(source.bytes_read(), limits.first_read);
}

// A .nemo tar over ranges: its headers, its config and the judged parts of
// its checkpoints (a zip's directory and pickle, a legacy pickle's start),
// never the storages; judged as the local copy is. The members are a
// config whose Hydra target runs code, a tokenizer, a zip checkpoint and a
// per-rank legacy checkpoint whose pickle calls os.system, 20 MiB of
// zero storage each.
TEST(WeightsSeam, NemoArchiveIsReadByItsHeadersConfigsAndCheckpointStarts) {
  constexpr uint64_t kStorage = uint64_t{20} << 20;
  const std::string config =
      "encoder:\n  _target_: nemo.collections.asr.modules.ConformerEncoder\n"
      "hook:\n  _target_: os.system\n";
  const std::string zip_checkpoint =
      testing::make_zip({{"archive/data.pkl", "\x80\x02}q\x00."s},
                         {"archive/data/0", std::string(kStorage, '\0')},
                         {"archive/version", "3\n"}});
  std::string legacy =
      testing::read_file(testing::corpus("pickle-malicious/picklescan-data/malicious2_v3.pkl"));
  legacy.append(kStorage, '\0');
  const std::string tar = testing::make_tar({{"./model_config.yaml", config},
                                             {"./tokenizer.model", std::string(300'000, 't')},
                                             {"./model_weights.ckpt", zip_checkpoint},
                                             {"./mp_rank_01/model_weights.ckpt", legacy}});
  const FoundFile file{"model.nemo", "model.nemo", tar.size(), FileRole::kWeights, {}};
  ArtifactFacts local;
  local.artifact.path = "model.nemo";
  local.artifact.size_bytes = tar.size();
  detail::read_weights_bytes(Bytes(reinterpret_cast<const uint8_t*>(tar.data()), tar.size()), file,
                             local);
  RangedMemorySource source(vector_of(tar), "model.nemo");
  const ArtifactFacts ranged = detail::read_weights_file(file, source);
  expect_same_facts(local, ranged, "model.nemo");
  EXPECT_EQ(ranged.artifact.format, ArtifactFormat::kNemo);
  EXPECT_EQ(ranged.artifact.safety, Safety::kDangerous);
  EXPECT_FALSE(cannot_inspect(ranged.artifact));
  EXPECT_TRUE(std::any_of(ranged.artifact.notes.begin(), ranged.artifact.notes.end(),
                          [](const std::string& n) { return n.starts_with(kStoragesNotFetched); }));
  // The config's os.system and the legacy pickle's posix.system.
  EXPECT_GE(
      std::count_if(ranged.artifact.safety_findings.begin(), ranged.artifact.safety_findings.end(),
                    [](const std::string& f) { return f.starts_with("dangerous"); }),
      2);
  // The sniff, the header after the tokenizer, each checkpoint's start and
  // the zip's directory: under 1 MiB of the 42 MB archive.
  EXPECT_LT(source.bytes_read(), uint64_t{1} << 20);
  EXPECT_LE(source.reads(), 10u);
}

}  // namespace
}  // namespace owl
