// The Hub client against the fixture server (tests/hub/fake_hub.py): model
// info, ranges through the CDN redirect, the cache, and every fault.
#include "owl/hub.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "fake_hub.h"
#include "hub/hub_cache.h"
#include "owl/read.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::FakeHub;
using testing::TempDir;
namespace fs = std::filesystem;

const fs::path kWeights = "safetensors/mnist-tinygrad-model.safetensors";
const fs::path kConfig = "hf-repo-granite/config.json";
const fs::path kCard = "hf-repo-granite/README.md";

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::have_python3())
        << "python3 runs the fixture Hub (scripts/install-deps.sh)";
    hub_.emplace();
    hub_->add_repo("acme/tiny", {{"README.md", testing::corpus(kCard)},
                                 {"config.json", testing::corpus(kConfig)},
                                 {"model.safetensors", testing::corpus(kWeights)}});
  }

  HubSettings settings() const {
    HubSettings settings;
    settings.endpoint = hub_->endpoint();
    settings.cache_dir = (cache_.path() / "owl").string();
    settings.hf_hub_cache = (cache_.path() / "hf").string();
    settings.max_retry_wait_s = 2;
    return settings;
  }

  // The requests whose path contains `part`.
  size_t count(const std::string& part) const {
    size_t n = 0;
    for (const auto& request : hub_->requests())
      if (request["path"].get<std::string>().find(part) != std::string::npos) ++n;
    return n;
  }

  static const FoundFile& file(const ReleaseLocation& location, const std::string& relative) {
    for (const auto& found : location.files)
      if (found.relative == relative) return found;
    throw std::runtime_error("no " + relative);
  }

  std::optional<FakeHub> hub_;
  TempDir cache_;
};

HubId tiny() { return *parse_hub_id("hf://acme/tiny"); }

std::string local_slice(const fs::path& relative, uint64_t offset, uint64_t length) {
  return testing::read_file(testing::corpus(relative)).substr(offset, length);
}

std::string as_string(Bytes bytes) { return std::string(bytes.begin(), bytes.end()); }

TEST(HubIdTest, ParsesOrgNameAndRevision) {
  auto id = parse_hub_id("hf://meta-llama/Llama-3.2-1B@v1.0");
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(id->repo(), "meta-llama/Llama-3.2-1B");
  EXPECT_EQ(id->revision, "v1.0");
  EXPECT_EQ(id->text(), "hf://meta-llama/Llama-3.2-1B@v1.0");
  EXPECT_FALSE(parse_hub_id("hf://meta-llama/Llama-3.2-1B")->revision);
}

TEST(HubIdTest, RefusesWhatTheHubRefuses) {
  for (const char* bad : {"hf://nameonly", "hf://a/b/c", "hf://-org/name", "hf://org/na..me",
                          "hf://org/name.", "hf://org/na me", "hf://org/name@", "hf:///name",
                          "hf://org/name@a..b", "https://huggingface.co/org/name"}) {
    auto id = parse_hub_id(bad);
    ASSERT_FALSE(id) << bad;
    EXPECT_EQ(id.error().kind(), ErrorKind::kUsage);
    EXPECT_NE(id.error().message().find(bad), std::string::npos) << id.error().message();
  }
}

TEST(HubCacheTest, ARangeIsKeptForItsRepoCommitPathAndRangeOnly) {
  TempDir dir;
  const hub::HubCache cache(dir.path().string());
  cache.save_range("acme/one", "c0ffee", "model.safetensors", 0, 4, "abcd");
  EXPECT_EQ(cache.range("acme/one", "c0ffee", "model.safetensors", 0, 4), "abcd");
  // Another repo with the same commit id, another commit, path or range: a miss.
  EXPECT_FALSE(cache.range("acme/two", "c0ffee", "model.safetensors", 0, 4));
  EXPECT_FALSE(cache.range("acme/one", "c0ffef", "model.safetensors", 0, 4));
  EXPECT_FALSE(cache.range("acme/one", "c0ffee", "other.safetensors", 0, 4));
  EXPECT_FALSE(cache.range("acme/one", "c0ffee", "model.safetensors", 4, 4));
}

TEST(HubSettingsTest, ReadTheEnvironmentLikeTheHubClients) {
  TempDir home;
  testing::write_file(home.path() / "hf/token", "  hf_from_file \n");
  setenv("HF_ENDPOINT", "http://mirror.example//", 1);
  setenv("HF_HOME", (home.path() / "hf").c_str(), 1);
  setenv("XDG_CACHE_HOME", (home.path() / "xdg").c_str(), 1);
  unsetenv("HF_TOKEN");
  unsetenv("HUGGING_FACE_HUB_TOKEN");
  unsetenv("HF_TOKEN_PATH");
  unsetenv("HF_HUB_CACHE");
  setenv("HF_HUB_OFFLINE", "1", 1);
  setenv("CURL_CA_BUNDLE", "/tmp/ca.pem", 1);
  HubSettings settings = hub_settings_from_environment();
  EXPECT_EQ(settings.endpoint, "http://mirror.example");
  EXPECT_EQ(settings.token, "hf_from_file");
  EXPECT_TRUE(settings.offline);
  EXPECT_EQ(settings.cache_dir, (home.path() / "xdg/owl/hub").string());
  EXPECT_EQ(settings.hf_hub_cache, (home.path() / "hf/hub").string());
  EXPECT_EQ(settings.ca_bundle, "/tmp/ca.pem");
  setenv("HUGGING_FACE_HUB_TOKEN", "hf_old_name", 1);
  EXPECT_EQ(hub_settings_from_environment().token, "hf_old_name");
  setenv("HF_TOKEN", "hf_first", 1);
  EXPECT_EQ(hub_settings_from_environment().token, "hf_first");
}

TEST_F(HubTest, ModelInfoBecomesALocationPinnedToTheCommit) {
  auto location = find_hub_release(tiny(), settings());
  ASSERT_TRUE(location) << location.error().message();
  EXPECT_EQ(location->name, "acme/tiny");
  EXPECT_EQ(location->root, "hf://acme/tiny");
  EXPECT_EQ(location->layout, ReleaseLayout::kHubRemote);
  ASSERT_TRUE(location->hub);
  EXPECT_EQ(location->hub->commit.size(), 40u);
  EXPECT_EQ(location->revision, location->hub->commit);
  EXPECT_EQ(location->hub->library_name, "transformers");
  EXPECT_EQ(location->hub->pipeline_tag, "text-generation");
  ASSERT_TRUE(location->hub->created_at);
  ASSERT_EQ(location->files.size(), 3u);
  ASSERT_TRUE(location->opener);
  const FoundFile& weights = file(*location, "model.safetensors");
  EXPECT_EQ(weights.role, FileRole::kWeights);
  EXPECT_EQ(weights.size, fs::file_size(testing::corpus(kWeights)));
  EXPECT_EQ(weights.recorded_sha256, *sha256_file(testing::corpus(kWeights).string()));
  EXPECT_EQ(file(*location, "README.md").role, FileRole::kModelCard);
  EXPECT_EQ(file(*location, "config.json").role, FileRole::kConfig);
  EXPECT_FALSE(file(*location, "config.json").recorded_sha256);  // a git file, not LFS
  EXPECT_EQ(count("/api/models/acme/tiny"), 1u);
  EXPECT_EQ(count("/resolve/"), 0u);  // listing fetches no file
}

TEST_F(HubTest, RangesAreTheFileBytesThroughTheCdnRedirect) {
  auto location = find_hub_release(tiny(), settings());
  ASSERT_TRUE(location) << location.error().message();
  auto source = location->opener->open(file(*location, "model.safetensors"));
  ASSERT_TRUE(source) << source.error().message();
  EXPECT_FALSE((*source)->whole());
  auto header = (*source)->read(0, 8);
  ASSERT_TRUE(header) << header.error().message();
  EXPECT_EQ(as_string(*header), local_slice(kWeights, 0, 8));
  auto middle = (*source)->read(1000, 300);
  ASSERT_TRUE(middle) << middle.error().message();
  EXPECT_EQ(as_string(*middle), local_slice(kWeights, 1000, 300));
  EXPECT_EQ(as_string(*header), local_slice(kWeights, 0, 8));  // the first span is still valid
  const uint64_t size = (*source)->size();
  auto tail = (*source)->read(size - 10, 100);  // clipped to the end
  ASSERT_TRUE(tail);
  EXPECT_EQ(as_string(*tail), local_slice(kWeights, size - 10, 10));
  EXPECT_FALSE((*source)->read(size + 1, 1));
  // Each range: a 302 from resolve/{commit}, then the CDN with the same range.
  std::vector<std::string> cdn_ranges;
  for (const auto& request : hub_->requests()) {
    const auto path = request["path"].get<std::string>();
    if (path.find("/resolve/" + location->hub->commit + "/model.safetensors") !=
        std::string::npos) {
      EXPECT_EQ(request["status"], 302);
    }
    if (path.starts_with("/cdn/")) {
      EXPECT_EQ(request["status"], 206);
      EXPECT_EQ(request["host"].get<std::string>().substr(0, 10), "localhost:");
      cdn_ranges.push_back(request["range"]);
    }
  }
  EXPECT_EQ(cdn_ranges, (std::vector<std::string>{"bytes=0-7", "bytes=1000-1299",
                                                  "bytes=" + std::to_string(size - 10) + "-" +
                                                      std::to_string(size - 1)}));
  auto text = location->opener->read_text(file(*location, "config.json"), 64);
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(*text, local_slice(kConfig, 0, 64));
}

TEST_F(HubTest, ASecondScanCostsOneRevalidatedCall) {
  const auto read_all = [&](const HubSettings& with) {
    auto location = find_hub_release(tiny(), with);
    EXPECT_TRUE(location);
    auto source = location->opener->open(file(*location, "model.safetensors"));
    EXPECT_TRUE((*source)->read(0, 8));
    EXPECT_TRUE(location->opener->read_text(file(*location, "README.md"), 1 << 20));
  };
  read_all(settings());
  const size_t first = hub_->requests().size();
  EXPECT_EQ(first, 4u);  // info, resolve + cdn, README
  hub_->clear_requests();
  read_all(settings());
  auto again = hub_->requests();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0]["status"], 304);
  EXPECT_FALSE(again[0]["if_none_match"].is_null());
  hub_->clear_requests();
  HubSettings refresh = settings();
  refresh.refresh = true;
  read_all(refresh);
  EXPECT_EQ(hub_->requests().size(), first);
  EXPECT_TRUE(hub_->requests()[0]["if_none_match"].is_null());
}

TEST_F(HubTest, NotFoundNamesTheId) {
  auto missing = find_hub_release(*parse_hub_id("hf://acme/nothing"), settings());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().rule(), "hub.not-found");
  EXPECT_NE(missing.error().message().find("hf://acme/nothing"), std::string::npos);
  auto revision = find_hub_release(*parse_hub_id("hf://acme/tiny@no-such-branch"), settings());
  ASSERT_FALSE(revision);
  EXPECT_EQ(revision.error().rule(), "hub.revision-not-found");
  auto pinned = find_hub_release(*parse_hub_id("hf://acme/tiny@main"), settings());
  ASSERT_TRUE(pinned) << pinned.error().message();
  EXPECT_EQ(pinned->hub->requested, "main");
}

TEST_F(HubTest, GatedRepoIsOneClearErrorAndAnApprovedTokenReadsIt) {
  hub_->add_repo("acme/gated", {{"README.md", testing::corpus(kCard)},
                                {"LICENSE", testing::corpus("licenses/llama-3.2/LICENSE")},
                                {"model.safetensors", testing::corpus(kWeights)}});
  hub_->set_config({{"repos", {{"acme/gated", {{"gated", "manual"}, {"tokens", {"hf_ok"}}}}}}});
  const HubId gated = *parse_hub_id("hf://acme/gated");
  auto anonymous = find_hub_release(gated, settings());
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().rule(), "hub.gated");
  EXPECT_EQ(anonymous.error().message(),
            "hf://acme/gated: hub.gated: accept the licence on the model page, then set HF_TOKEN");
  HubSettings wrong = settings();
  wrong.token = "hf_not_on_the_list";
  auto refused = find_hub_release(gated, wrong);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule(), "hub.gated");
  HubSettings approved = settings();
  approved.token = "hf_ok";
  hub_->clear_requests();
  auto location = find_hub_release(gated, approved);
  ASSERT_TRUE(location) << location.error().message();
  EXPECT_EQ(location->hub->gated, "manual");
  auto source = location->opener->open(file(*location, "model.safetensors"));
  ASSERT_TRUE((*source)->read(0, 8));
  // The token goes to the Hub's host, never to the CDN's.
  size_t hub_requests = 0, cdn_requests = 0;
  for (const auto& request : hub_->requests()) {
    if (request["path"].get<std::string>().starts_with("/cdn/")) {
      ++cdn_requests;
      EXPECT_FALSE(request["auth"].get<bool>()) << request.dump();
    } else {
      ++hub_requests;
      EXPECT_TRUE(request["auth"].get<bool>()) << request.dump();
    }
  }
  EXPECT_GE(hub_requests, 2u);
  EXPECT_GE(cdn_requests, 1u);
}

TEST_F(HubTest, PrivateRepoWithoutTokenIsNotFound) {
  hub_->add_repo("acme/secret", {{"README.md", testing::corpus(kCard)}});
  hub_->set_config({{"repos", {{"acme/secret", {{"private", true}, {"tokens", {"hf_ok"}}}}}}});
  auto hidden = find_hub_release(*parse_hub_id("hf://acme/secret"), settings());
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().rule(), "hub.not-found");
  HubSettings with_token = settings();
  with_token.token = "hf_ok";
  auto found = find_hub_release(*parse_hub_id("hf://acme/secret"), with_token);
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_TRUE(found->hub->is_private);
}

TEST_F(HubTest, RateLimitHonoursRetryAfterThenSucceeds) {
  hub_->set_config({{"faults",
                     {{{"repo", "acme/tiny"},
                       {"where", "api"},
                       {"kind", "429"},
                       {"times", 1},
                       {"retry_after", 1}}}}});
  const auto start = std::chrono::steady_clock::now();
  auto location = find_hub_release(tiny(), settings());
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(location) << location.error().message();
  EXPECT_GE(waited, std::chrono::milliseconds(950));
  auto requests = hub_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["status"], 429);
  EXPECT_EQ(requests[1]["status"], 200);
}

TEST_F(HubTest, ServerErrorsAndResetsAreRetried) {
  hub_->set_config({{"faults",
                     {{{"where", "api"}, {"kind", "5xx"}, {"status", 503}, {"times", 2}},
                      {{"where", "cdn"}, {"kind", "reset"}, {"times", 1}}}}});
  auto location = find_hub_release(tiny(), settings());
  ASSERT_TRUE(location) << location.error().message();
  auto source = location->opener->open(file(*location, "model.safetensors"));
  auto bytes = (*source)->read(8, 100);
  ASSERT_TRUE(bytes) << bytes.error().message();
  EXPECT_EQ(as_string(*bytes), local_slice(kWeights, 8, 100));
  size_t failures = 0;
  for (const auto& request : hub_->requests())
    if (request["status"] == 503 || request["status"] == "reset") ++failures;
  EXPECT_EQ(failures, 3u);
}

TEST_F(HubTest, ATruncatedBodyIsRetriedThenAnError) {
  hub_->set_config({{"faults", {{{"where", "cdn-body"}, {"kind", "truncate"}, {"times", 1}}}}});
  auto location = find_hub_release(tiny(), settings());
  ASSERT_TRUE(location) << location.error().message();
  auto source = location->opener->open(file(*location, "model.safetensors"));
  auto once = (*source)->read(0, 4000);
  ASSERT_TRUE(once) << once.error().message();  // the retry got it whole
  EXPECT_EQ(as_string(*once), local_slice(kWeights, 0, 4000));

  hub_->set_config({{"faults", {{{"where", "cdn-body"}, {"kind", "truncate"}}}}});
  HubSettings few = settings();
  few.max_attempts = 2;
  few.refresh = true;
  auto fresh = find_hub_release(tiny(), few);
  ASSERT_TRUE(fresh);
  auto fresh_source = fresh->opener->open(file(*fresh, "model.safetensors"));
  ASSERT_TRUE(fresh_source);
  auto cut = (*fresh_source)->read(0, 4000);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().rule(), "hub.truncated");
  EXPECT_NE(cut.error().message().find("hf://acme/tiny/model.safetensors"), std::string::npos);
}

TEST_F(HubTest, ARangeAnsweredWithTheWholeFileIsCutShortWithAWarning) {
  hub_->set_config({{"faults", {{{"where", "cdn-body"}, {"kind", "ignore-range"}}}}});
  std::vector<std::string> warnings;
  HubSettings with_warnings = settings();
  with_warnings.warn = [&](const std::string& warning) { warnings.push_back(warning); };
  auto location = find_hub_release(tiny(), with_warnings);
  ASSERT_TRUE(location);
  auto source = location->opener->open(file(*location, "model.safetensors"));
  const uint64_t before = hub_traffic().bytes_received;
  auto bytes = (*source)->read(100, 50);
  const uint64_t received = hub_traffic().bytes_received - before;
  ASSERT_TRUE(bytes) << bytes.error().message();
  EXPECT_EQ(as_string(*bytes), local_slice(kWeights, 100, 50));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("ignored a Range"), std::string::npos);
  // owl stopped reading once it had its slice (curl hands bodies over in
  // chunks of at most 16 KiB), not after the 400 KB file.
  EXPECT_LT(received, 64u * 1024);
}

TEST_F(HubTest, ASlowAnswerTimesOut) {
  hub_->set_config({{"faults", {{{"where", "api"}, {"kind", "slow"}, {"delay_ms", 2500}}}}});
  HubSettings impatient = settings();
  impatient.read_timeout_s = 1;
  auto location = find_hub_release(tiny(), impatient);
  ASSERT_FALSE(location);
  EXPECT_EQ(location.error().rule(), "hub.timeout");
  EXPECT_NE(location.error().message().find("hf://acme/tiny"), std::string::npos);
}

TEST_F(HubTest, OfflineUsesOwlsCacheThenTheHuggingFaceCache) {
  HubSettings offline = settings();
  offline.offline = true;
  auto nothing = find_hub_release(tiny(), offline);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().rule(), "hub.offline");

  // After an online read, owl's cache answers with no request at all.
  {
    auto online = find_hub_release(tiny(), settings());
    ASSERT_TRUE(online);
    ASSERT_TRUE((*online->opener->open(file(*online, "model.safetensors")))->read(0, 8));
  }
  hub_->clear_requests();
  auto cached = find_hub_release(tiny(), offline);
  ASSERT_TRUE(cached) << cached.error().message();
  auto source = cached->opener->open(file(*cached, "model.safetensors"));
  ASSERT_TRUE(source);
  auto bytes = (*source)->read(0, 8);
  ASSERT_TRUE(bytes) << bytes.error().message();
  EXPECT_EQ(as_string(*bytes), local_slice(kWeights, 0, 8));
  auto uncached = (*source)->read(9, 8);
  ASSERT_FALSE(uncached);
  EXPECT_EQ(uncached.error().rule(), "hub.offline");
  EXPECT_TRUE(hub_->requests().empty());

  // A model only in the user's HF cache is read from its snapshot on disk.
  const fs::path snapshot = cache_.path() / "hf/models--acme--cached/snapshots/0123abcd";
  fs::create_directories(snapshot);
  fs::create_directories(cache_.path() / "hf/models--acme--cached/refs");
  testing::write_file(cache_.path() / "hf/models--acme--cached/refs/main", "0123abcd");
  fs::create_symlink(testing::corpus(kConfig), snapshot / "config.json");
  auto local = find_hub_release(*parse_hub_id("hf://acme/cached"), offline);
  ASSERT_TRUE(local) << local.error().message();
  EXPECT_FALSE(local->opener);  // local files, opened by path
  EXPECT_EQ(local->layout, ReleaseLayout::kHubCacheSnapshot);
  EXPECT_TRUE(hub_->requests().empty());
}

TEST(HubTlsTest, HttpsWithTheThrowawayCertificateAndRefusedWithoutIt) {
  ASSERT_TRUE(testing::have_python3() && std::system("command -v openssl >/dev/null 2>&1") == 0)
      << "python3 and openssl make the fixture Hub's certificate (scripts/install-deps.sh)";
  FakeHub hub(FakeHub::Options{true, 0});
  hub.add_repo("acme/tiny", {{"model.safetensors", testing::corpus(kWeights)}});
  TempDir cache;
  HubSettings settings;
  settings.endpoint = hub.endpoint();
  settings.cache_dir = cache.path().string();
  auto refused = find_hub_release(tiny(), settings);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule(), "hub.tls");
  settings.ca_bundle = hub.certificate().string();
  auto location = find_hub_release(tiny(), settings);
  ASSERT_TRUE(location) << location.error().message();
  auto source = location->opener->open(location->files.at(0));
  ASSERT_TRUE(source);
  auto bytes = (*source)->read(0, 8);
  ASSERT_TRUE(bytes) << bytes.error().message();
  EXPECT_EQ(as_string(*bytes), local_slice(kWeights, 0, 8));
}

}  // namespace
}  // namespace owl
