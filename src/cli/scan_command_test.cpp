// End-to-end: the built owl binary on real corpus releases and the bundled
// example. These are the checks a new user's first commands depend on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace owl {
namespace {

using nlohmann::json;
using testing::corpus;
using testing::run_owl;
using testing::source_dir;

json scan_json_of(const std::string& path) {
  auto result = run_owl("scan --json " + path);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

const json* find_artifact(const json& release, const std::string& path) {
  for (const auto& artifact : release["artifacts"])
    if (artifact["path"] == path) return &artifact;
  return nullptr;
}

TEST(OwlCli, VersionAndHelp) {
  auto version = run_owl("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("owl ", 0), 0u);
  auto help = run_owl("scan --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--json"), std::string::npos);
}

TEST(OwlCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_owl("").exit_code, 2);
  EXPECT_EQ(run_owl("scan").exit_code, 2);
  EXPECT_EQ(run_owl("scan --no-such-flag x").exit_code, 2);
  auto missing = run_owl("scan /nonexistent/owl/release");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/owl/release"), std::string::npos);
}

TEST(OwlCli, ScansTheBundledExample) {
  const json report = scan_json_of((source_dir() / "examples/tiny-release").string());
  EXPECT_EQ(report["schema"], "owl.scan/1");
  ASSERT_EQ(report["releases"].size(), 1u);
  const json& release = report["releases"][0];
  EXPECT_EQ(release["name"], "tiny-release");
  const json* gguf = find_artifact(release, "owl-tiny-example-F32.gguf");
  ASSERT_NE(gguf, nullptr);
  EXPECT_EQ((*gguf)["format"], "gguf");
  EXPECT_EQ((*gguf)["parameter_count"], 24);
  EXPECT_EQ((*gguf)["tensor_count"], 2);
  const json* safetensors = find_artifact(release, "model.safetensors");
  ASSERT_NE(safetensors, nullptr);
  EXPECT_EQ((*safetensors)["parameter_count"], 24);
  EXPECT_EQ(release["parameter_count"], 24);  // the same model twice, not 48
  // Declared in the card (three fields) and in the GGUF metadata (three keys).
  EXPECT_EQ(release["declared"]["licenses"].size(), 6u);
  EXPECT_EQ(release["declared"]["licenses"][0]["source"]["file"], "README.md");
  EXPECT_EQ(release["declared"]["licenses"][0]["source"]["where"], "line 2");
}

TEST(OwlCli, ScansTheGraniteRepositoryMirror) {
  const json report = scan_json_of(corpus("hf-repo-granite").string());
  ASSERT_EQ(report["releases"].size(), 1u);
  const json& release = report["releases"][0];
  const auto& licenses = release["declared"]["licenses"];
  ASSERT_EQ(licenses.size(), 1u);
  EXPECT_EQ(licenses[0]["value"], "apache-2.0");
  EXPECT_EQ(licenses[0]["source"]["file"], "README.md");
  ASSERT_EQ(release["declared"]["base_models"].size(), 1u);
  EXPECT_EQ(release["declared"]["base_models"][0]["name"], "ibm-granite/granite-3.1-1b-a400m-base");
  const json* pointer = find_artifact(release, "model.safetensors.lfs-pointer");
  ASSERT_NE(pointer, nullptr);
  EXPECT_EQ((*pointer)["format"], "lfs-pointer");
  EXPECT_EQ((*pointer)["size_bytes"], 2669283096u);
  EXPECT_EQ((*pointer)["recorded_sha256"]["value"].get<std::string>().substr(0, 4), "ac02");
  const json* index = find_artifact(release, "model.safetensors.index.json@0a854d4");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ((*index)["notes"][0], "sharded: 2 of 2 shards present");
}

TEST(OwlCli, ScansTheGeneratedLineageGguf) {
  const json report = scan_json_of(corpus("gguf-generated").string());
  ASSERT_EQ(report["releases"].size(), 1u);
  const json& release = report["releases"][0];
  const json* gguf = find_artifact(release, "tiny-lineage-F32.gguf");
  ASSERT_NE(gguf, nullptr);
  EXPECT_EQ((*gguf)["tensor_count"], 2);
  EXPECT_EQ((*gguf)["parameter_count"], 72);  // F32 8x8 + F16 8
  EXPECT_EQ(release["declared"]["base_models"].size(), 2u);
  EXPECT_EQ(release["declared"]["datasets"].size(), 1u);
  bool saw_license_key = false;
  for (const auto& license : release["declared"]["licenses"])
    saw_license_key |= license["source"]["where"] == "key general.license";
  EXPECT_TRUE(saw_license_key);
}

TEST(OwlCli, CorruptWeightsFileIsNamedAndExitsTwo) {
  auto result = run_owl("scan " + corpus("gguf-crafted/bad_alignment_not_pow2.gguf").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("bad_alignment_not_pow2.gguf"), std::string::npos);
  EXPECT_NE(result.err.find("gguf."), std::string::npos);       // the rule it broke
  EXPECT_NE(result.out.find("unreadable"), std::string::npos);  // the report still prints
}

TEST(OwlCli, TextReportSaysWhatItCouldNotDetermine) {
  auto result = run_owl("scan --no-color " + corpus("hf-repo-granite").string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("apache-2.0"), std::string::npos);
  EXPECT_NE(result.out.find("ships no readable LICENSE"), std::string::npos);
  EXPECT_EQ(result.out.find("\033["), std::string::npos);  // no colour codes
}

}  // namespace
}  // namespace owl

namespace owl {
namespace {

// A hub cache whose blob is named by its content's SHA-256 (as huggingface_hub
// stores LFS files), and a second whose blob name does not match its bytes.
void make_cache_with_blob(const std::filesystem::path& hub, const std::string& blob_name) {
  namespace fs = std::filesystem;
  const fs::path model = hub / "models--acme--tiny";
  testing::write_file(model / "refs" / "main", "rev1");
  testing::write_file(
      model / "blobs" / blob_name,
      testing::read_file(testing::source_dir() / "examples/tiny-release/model.safetensors"));
  fs::create_directories(model / "snapshots" / "rev1");
  fs::create_symlink("../../blobs/" + blob_name,
                     model / "snapshots" / "rev1" / "model.safetensors");
}

// sha256sum examples/tiny-release/model.safetensors (scripts/make_example.py
// output is deterministic).
constexpr const char* kExampleSha256 =
    "6ec8c1fa850c7d117e9c0337e96b82ff3a383cafed7e49bf1709044980ddb56b";

TEST(OwlCli, HashChecksHubCacheBlobNames) {
  testing::TempDir dir;
  const std::string digest = kExampleSha256;
  make_cache_with_blob(dir.path() / "good", digest);
  auto good = nlohmann::json::parse(
      testing::run_owl("scan --json --hash " + (dir.path() / "good").string()).out);
  const auto& artifact = good["releases"][0]["artifacts"][0];
  EXPECT_EQ(artifact["sha256"], digest);
  EXPECT_EQ(artifact["recorded_sha256"]["value"], digest);
  EXPECT_EQ(artifact["recorded_sha256"]["source"]["where"], "hub cache blob name");
  EXPECT_TRUE(artifact["notes"].dump().find("differs") == std::string::npos);

  const std::string wrong(64, 'a');
  make_cache_with_blob(dir.path() / "bad", wrong);
  auto bad = nlohmann::json::parse(
      testing::run_owl("scan --json --hash " + (dir.path() / "bad").string()).out);
  const auto& tampered = bad["releases"][0];
  EXPECT_EQ(tampered["artifacts"][0]["sha256"], digest);
  EXPECT_NE(tampered["artifacts"][0]["notes"].dump().find("differs from the recorded"),
            std::string::npos);
  bool integrity_flagged = false;
  for (const auto& item : tampered["summary"])
    if (item["topic"] == "integrity")
      integrity_flagged =
          item["statement"].get<std::string>().find("do not match") != std::string::npos;
  EXPECT_TRUE(integrity_flagged);
}

TEST(OwlCli, WithoutHashNothingIsHashed) {
  auto result =
      testing::run_owl("scan --json " + (testing::source_dir() / "examples/tiny-release").string());
  const auto report = nlohmann::json::parse(result.out);
  ASSERT_EQ(report["releases"][0]["artifacts"].size(), 2u);
  for (const auto& artifact : report["releases"][0]["artifacts"])
    EXPECT_TRUE(artifact["sha256"].is_null());
}

}  // namespace
}  // namespace owl

namespace owl {
namespace {

std::string card(const std::string& name) {
  return testing::corpus("model-cards/hf-readme-2024/" + name).string();
}

TEST(OwlScanGate, ProfileVerdictAndExitCodes) {
  const std::string laundered = card("NousResearch_Hermes-2-Theta-Llama-3-8B.md");
  // Allowed with duties: the gate (not-allowed by default) passes.
  auto ok = testing::run_owl("scan --no-color --commercial --mau 2000000 " + laundered);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("ALLOWED WITH DUTIES"), std::string::npos);
  EXPECT_NE(ok.out.find("[LicenseRef-owl-llama-3 §2]"), std::string::npos);
  // Above Llama's 700M monthly active users: not allowed, exit 1.
  auto big = testing::run_owl("scan --no-color --commercial --mau 800000000 " + laundered);
  EXPECT_EQ(big.exit_code, 1);
  EXPECT_NE(big.out.find("NOT ALLOWED"), std::string::npos);
  EXPECT_NE(big.err.find("owl: policy: NousResearch/Hermes-2-Theta-Llama-3-8B: not-allowed"),
            std::string::npos)
      << big.err;
  // A high conflict trips --fail-on high even without a profile.
  EXPECT_EQ(testing::run_owl("scan --fail-on high " + laundered).exit_code, 1);
  EXPECT_EQ(testing::run_owl("scan --fail-on high " + card("havenhq_mamba-chat.md")).exit_code, 0);
}

TEST(OwlScanGate, ProfileFileErrorsNameFileAndKey) {
  testing::TempDir dir;
  const auto profile = dir.path() / "gate.toml";
  testing::write_file(profile, "comercial = true\n");
  auto bad = testing::run_owl("scan --profile " + profile.string() + " " +
                              card("havenhq_mamba-chat.md"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("gate.toml"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("profile.bad-value"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("'comercial'"), std::string::npos) << bad.err;
  testing::write_file(profile, "commercial = true\nregions = [\"DE\"]\n");
  auto json = testing::run_owl("scan --json --profile " + profile.string() + " " +
                               card("havenhq_mamba-chat.md"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto document = nlohmann::json::parse(json.out);
  const auto& use = document["releases"][0]["assessment"]["use"];
  EXPECT_EQ(use["permission"], "allowed-with-duties");  // Apache-2.0 notices, if shared
  EXPECT_EQ(use["profile"], "commercial, in DE");
}

}  // namespace
}  // namespace owl
