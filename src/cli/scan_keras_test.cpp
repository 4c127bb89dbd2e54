// End-to-end: `owl scan` on a release folder holding a Keras model built
// here. A Lambda layer makes the file dangerous, which is a high conflict,
// so `--fail-on high` rejects the release the way it rejects an unsafe
// pickle; a plain model passes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "builders/hdf5_builder.h"
#include "builders/zip_builder.h"
#include "test_support.h"

namespace owl {
namespace {

using nlohmann::json;

std::string model_config(bool with_lambda) {
  json layers = json::array({{{"module", "keras.layers"},
                              {"class_name", "Dense"},
                              {"config", {{"name", "dense"}, {"units", 2}}}}});
  if (with_lambda)
    layers.push_back(
        {{"module", "keras.layers"},
         {"class_name", "Lambda"},
         {"config",
          {{"name", "payload"},
           {"function", {{"class_name", "__lambda__"}, {"config", {{"code", "4wEA"}}}}}}}});
  return json{{"module", "keras"},
              {"class_name", "Sequential"},
              {"config", {{"name", "sequential"}, {"layers", layers}}}}
      .dump();
}

struct Scan {
  int exit_code = 0;
  json artifact;
};

Scan scan_release(const std::string& file_name, const std::string& bytes) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "README.md", "---\nlicense: mit\n---\n# A Keras model\n");
  testing::write_file(dir.path() / file_name, bytes);
  const auto result = testing::run_owl("scan --json --fail-on high " + dir.path().string());
  Scan scan;
  scan.exit_code = result.exit_code;
  const json report = json::parse(result.out, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << result.out << result.err;
  if (report.is_discarded()) return scan;
  for (const json& artifact : report["releases"][0]["artifacts"])
    if (artifact["path"] == file_name) scan.artifact = artifact;
  return scan;
}

TEST(OwlScanKeras, LambdaArchiveFailsTheGateAndPlainArchivePasses) {
  const Scan evil = scan_release(
      "model.keras",
      testing::make_zip({{"metadata.json", "{}"}, {"config.json", model_config(true), true}}));
  EXPECT_EQ(evil.exit_code, 1);
  EXPECT_EQ(evil.artifact["format"], "keras");
  EXPECT_EQ(evil.artifact["safety"], "dangerous");
  ASSERT_FALSE(evil.artifact["safety_findings"].empty());
  EXPECT_EQ(evil.artifact["safety_findings"][0].get<std::string>().rfind(
                "dangerous: config.json config.layers[1] 'payload': Lambda: ", 0),
            0u);
  const Scan plain = scan_release(
      "model.keras",
      testing::make_zip({{"metadata.json", "{}"}, {"config.json", model_config(false), true}}));
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_EQ(plain.artifact["safety"], "safe");
}

TEST(OwlScanKeras, LegacyH5LambdaFailsTheGate) {
  const Scan evil =
      scan_release("model.h5", testing::make_hdf5({{"model_config", model_config(true)}}));
  EXPECT_EQ(evil.exit_code, 1);
  EXPECT_EQ(evil.artifact["format"], "keras-h5");
  EXPECT_EQ(evil.artifact["safety"], "dangerous");
}

TEST(OwlScanKeras, EncryptedConfigIsNotSafe) {
  const Scan locked = scan_release(
      "model.keras", testing::make_zip({{"metadata.json", "{}"},
                                        {"config.json", model_config(false), true, true}}));
  EXPECT_EQ(locked.artifact["safety"], "suspicious");
  EXPECT_NE(locked.artifact["safety_findings"].dump().find("cannot inspect"), std::string::npos);
}

}  // namespace
}  // namespace owl
