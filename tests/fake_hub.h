// The fixture Hub server (tests/hub/fake_hub.py) from a test: built over a
// temporary fixture root, started on 127.0.0.1 port 0 by the constructor and
// stopped by the destructor, with its request log and fault config at hand.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "test_support.h"

namespace owl::testing {

class FakeHub {
 public:
  struct Options {
    bool tls = false;
    int latency_ms = 0;
    bool http2 = false;  // HTTP/2 over TLS (tests/hub/h2_front.js under node)
  };
  FakeHub() : FakeHub(Options{}) {}
  explicit FakeHub(Options options);
  FakeHub(const FakeHub&) = delete;
  FakeHub& operator=(const FakeHub&) = delete;
  ~FakeHub();

  // http(s)://127.0.0.1:PORT, for HF_ENDPOINT.
  const std::string& endpoint() const { return endpoint_; }
  // With tls: the throwaway certificate, for CURL_CA_BUNDLE.
  std::filesystem::path certificate() const { return dir_.path() / "cert.pem"; }

  // A repo ORG/NAME whose files are symlinks to `sources` (relative name,
  // file anywhere, usually in the shared corpus).
  void add_repo(const std::string& repo,
                const std::vector<std::pair<std::string, std::filesystem::path>>& sources);
  // The folder add_repo fills for `repo`: the same files, to scan locally.
  std::filesystem::path repo_dir(const std::string& repo) const {
    return dir_.path() / "root" / repo;
  }
  // Replaces the fault config (the server re-reads it on every request).
  void set_config(const nlohmann::json& config);

  // Every request so far, one JSON object each (method, path, host, range,
  // status, bytes, auth, if_none_match).
  std::vector<nlohmann::json> requests() const;
  void clear_requests();

 private:
  TempDir dir_;
  std::string endpoint_;
  int pid_ = -1;
};

// The shell prefix `env VAR=... ` that points owl at `hub` with fresh
// caches under `home` (XDG_CACHE_HOME, HF_HOME), plus `extra` assignments.
std::string hub_env(const FakeHub& hub, const std::filesystem::path& home,
                    const std::string& extra = "");

// python3 on PATH (the fixture server's interpreter).
bool have_python3();
// node on PATH (the fixture's HTTP/2 front).
bool have_node();

}  // namespace owl::testing
