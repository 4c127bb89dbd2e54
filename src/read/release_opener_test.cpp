// read_release through a FileOpener (as a release on the Hub is read): the
// same Release as the local read, the host's digests recorded, no download
// to hash, and a failed read is that file's error only.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "builders/gguf_builder.h"
#include "owl/byte_source.h"
#include "owl/read.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

// Serves a local release's files as ranged sources; reads of the files
// named in `failing` fail after the first one, as a dropped connection does.
class RangedOpener final : public FileOpener {
 public:
  explicit RangedOpener(std::set<std::string> failing = {}) : failing_(std::move(failing)) {}

  Expected<std::unique_ptr<ByteSource>> open(const FoundFile& file) const override {
    const std::string bytes = testing::read_file(file.path);
    std::vector<uint8_t> data(bytes.begin(), bytes.end());
    if (failing_.count(file.relative) > 0)
      return std::unique_ptr<ByteSource>(
          std::make_unique<FailingSource>(std::move(data), file.relative));
    return std::unique_ptr<ByteSource>(
        std::make_unique<RangedMemorySource>(std::move(data), file.relative));
  }
  Expected<std::string> read_text(const FoundFile& file, size_t max_bytes) const override {
    return read_text_prefix(file.path, max_bytes);
  }

 private:
  class FailingSource final : public ByteSource {
   public:
    FailingSource(std::vector<uint8_t> bytes, std::string name)
        : inner_(std::move(bytes), name), name_(std::move(name)) {}
    const std::string& name() const override { return name_; }
    uint64_t size() const override { return inner_.size(); }
    Expected<Bytes> read(uint64_t offset, uint64_t length) override {
      if (inner_.reads() >= 1)
        return Error::io(name_, "hub.connection-reset", "the connection was reset mid-body");
      return inner_.read(offset, length);
    }

   private:
    RangedMemorySource inner_;
    std::string name_;
  };

  std::set<std::string> failing_;
};

ReleaseLocation located(const fs::path& dir) {
  auto found = find_releases(dir.string());
  EXPECT_TRUE(found.has_value());
  EXPECT_EQ(found->size(), 1u);
  return found->front();
}

std::string describe_artifact(const Artifact& a) {
  std::string out = a.path + " " + to_string(a.format) + " " + std::to_string(a.size_bytes);
  out += " params " + std::to_string(a.parameter_count.value_or(0));
  out += " tensors " + std::to_string(a.tensor_count.value_or(0));
  for (const auto& [type, count] : a.tensor_types) out += " " + type + "=" + std::to_string(count);
  out += " arch " + a.architecture.value_or("-");
  out += " recorded " + a.recorded_sha256.value_or("-");
  out += " safety " + std::string(a.safety ? to_string(*a.safety) : "-");
  for (const auto& finding : a.safety_findings) out += " finding " + finding;
  for (const auto& note : a.notes) out += " note " + note;
  for (const auto& warning : a.warnings) out += " warning " + warning;
  if (a.error) out += " error " + a.error->message();
  return out;
}

// Everything read_release gathers, one line per fact, for comparison.
std::vector<std::string> describe(const Release& release) {
  std::vector<std::string> lines = release.files;
  for (const auto& artifact : release.artifacts) lines.push_back(describe_artifact(artifact));
  for (const auto& document : release.documents)
    lines.push_back(document.path + " " + to_string(document.kind) + " " + document.text +
                    (document.error ? document.error->message() : ""));
  for (const auto& license : release.licenses)
    lines.push_back("license " + license.value + " " + license.source.describe());
  for (const auto& base : release.base_models)
    lines.push_back("base " + base.name + " " + base.source.describe());
  for (const auto& dataset : release.datasets) lines.push_back("dataset " + dataset.name);
  for (const auto& problem : release.problems) lines.push_back("problem " + problem.message());
  lines.insert(lines.end(), release.gating.begin(), release.gating.end());
  return lines;
}

std::string safetensors_with(uint64_t data_bytes) {
  const std::string header = R"({"__metadata__":{"format":"pt"},"w":{"dtype":"U8","shape":[)" +
                             std::to_string(data_bytes) + R"(],"data_offsets":[0,)" +
                             std::to_string(data_bytes) + "]}}";
  return testing::GgufBuilder::u64(header.size()) + header + std::string(data_bytes, '\0');
}

void assemble_release(const fs::path& dir) {
  write_file(dir / "README.md", "---\nlicense: apache-2.0\nbase_model: org/base\n---\n# Model\n");
  write_file(dir / "LICENSE", "Apache License\nVersion 2.0, January 2004\n");
  write_file(dir / "model.safetensors", safetensors_with(300'000));
  write_file(dir / "model-Q4.gguf", testing::GgufBuilder()
                                        .kv_string("general.architecture", "llama")
                                        .kv_string("general.license", "mit")
                                        .tensor("w", {100'000}, 0, 0)
                                        .data(400'000)
                                        .build());
}

TEST(ReleaseOpener, RemoteReadGivesTheLocalRelease) {
  TempDir assembled;
  assemble_release(assembled.path());
  for (const fs::path& dir : {testing::corpus("hf-repo-granite"), assembled.path()}) {
    ReleaseLocation location = located(dir);
    const Release local = read_release(location);
    location.opener = std::make_shared<RangedOpener>();
    const Release remote = read_release(location);
    EXPECT_EQ(describe(local), describe(remote)) << dir;
    EXPECT_FALSE(remote.artifacts.empty()) << dir;
  }
}

TEST(ReleaseOpener, HubDigestIsRecordedAndHashingDoesNotDownload) {
  TempDir dir;
  assemble_release(dir.path());
  ReleaseLocation location = located(dir.path());
  const std::string digest(64, 'a');
  for (auto& file : location.files)
    if (file.relative == "model.safetensors") file.recorded_sha256 = digest;
  location.opener = std::make_shared<RangedOpener>();
  ReadOptions options;
  options.hash = true;
  const Release release = read_release(location, options);
  bool seen = false;
  for (const auto& artifact : release.artifacts) {
    EXPECT_FALSE(artifact.sha256.has_value()) << artifact.path;
    if (artifact.path != "model.safetensors") continue;
    seen = true;
    EXPECT_EQ(artifact.recorded_sha256, digest);
    ASSERT_TRUE(artifact.recorded_sha256_source.has_value());
    EXPECT_EQ(artifact.recorded_sha256_source->where, "Hub LFS sha256");
    EXPECT_TRUE(std::any_of(artifact.notes.begin(), artifact.notes.end(),
                            [](const std::string& n) { return n.starts_with("not hashed"); }));
  }
  EXPECT_TRUE(seen);
}

TEST(ReleaseOpener, FailedReadIsThatFilesErrorAndTheRestIsRead) {
  TempDir dir;
  assemble_release(dir.path());
  // Pad the GGUF past the first read, so its second read is the one that fails.
  write_file(dir.path() / "model-Q4.gguf",
             testing::GgufBuilder()
                 .kv_string("general.architecture", "llama")
                 .kv_strings("tokenizer.ggml.tokens", std::vector<std::string>(20'000, "tok"))
                 .build());
  ReleaseLocation location = located(dir.path());
  location.opener = std::make_shared<RangedOpener>(std::set<std::string>{"model-Q4.gguf"});
  const Release release = read_release(location);
  ASSERT_EQ(release.artifacts.size(), 2u);
  for (const auto& artifact : release.artifacts) {
    if (artifact.path == "model-Q4.gguf") {
      ASSERT_TRUE(artifact.error.has_value());
      EXPECT_EQ(artifact.error->rule(), "hub.connection-reset");
      EXPECT_EQ(artifact.error->file(), "model-Q4.gguf");
    } else {
      EXPECT_FALSE(artifact.error.has_value()) << artifact.error->message();
      EXPECT_EQ(artifact.tensor_count, 1u);
    }
  }
  EXPECT_FALSE(release.licenses.empty());
}

}  // namespace
}  // namespace owl
