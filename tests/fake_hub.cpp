#include "fake_hub.h"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace owl::testing {

namespace fs = std::filesystem;

bool have_python3() { return std::system("command -v python3 >/dev/null 2>&1") == 0; }
bool have_node() { return std::system("command -v node >/dev/null 2>&1") == 0; }

FakeHub::FakeHub(Options options) {
  fs::create_directories(dir_.path() / "root");
  write_file(dir_.path() / "requests.jsonl", "");
  const std::string script = (source_dir() / "tests/hub/fake_hub.py").string();
  const std::string root = (dir_.path() / "root").string();
  const std::string config = (dir_.path() / "config.json").string();
  const std::string log = (dir_.path() / "requests.jsonl").string();
  const std::string latency = std::to_string(options.latency_ms);
  const std::string inflight = (dir_.path() / "inflight").string();
  fs::create_directories(inflight);
  const std::string cert = certificate().string();
  std::vector<std::string> args = {"python3",      script,  "--root",         root,
                                   "--config",     config,  "--log",          log,
                                   "--latency-ms", latency, "--inflight-dir", inflight};
  if (options.http2) args.push_back("--http2");
  if (options.tls || options.http2) {
    args.push_back("--tls");
    args.push_back("--cert-out");
    args.push_back(cert);
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const int spawned = posix_spawnp(&pid_, "python3", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    throw std::runtime_error("cannot start python3 tests/hub/fake_hub.py");
  }
  // The server prints its port once it listens; wait for it, not forever.
  std::string line;
  pollfd ready{out[0], POLLIN, 0};
  while (line.find('\n') == std::string::npos && poll(&ready, 1, 20'000) > 0) {
    char buffer[64];
    const ssize_t got = read(out[0], buffer, sizeof buffer);
    if (got <= 0) break;
    line.append(buffer, static_cast<size_t>(got));
  }
  close(out[0]);
  if (line.find('\n') == std::string::npos) throw std::runtime_error("fake_hub.py did not start");
  endpoint_ = std::string(options.tls || options.http2 ? "https" : "http") +
              "://127.0.0.1:" + line.substr(0, line.find('\n'));
}

FakeHub::~FakeHub() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

void FakeHub::add_repo(const std::string& repo,
                       const std::vector<std::pair<std::string, fs::path>>& sources) {
  for (const auto& [relative, source] : sources) {
    const fs::path target = dir_.path() / "root" / repo / relative;
    fs::create_directories(target.parent_path());
    fs::create_symlink(fs::absolute(source), target);
  }
}

void FakeHub::set_config(const nlohmann::json& config) {
  const fs::path temp = dir_.path() / "config.json.tmp";
  write_file(temp, config.dump());
  fs::rename(temp, dir_.path() / "config.json");
}

std::vector<nlohmann::json> FakeHub::requests() const {
  // Requests still being answered have not logged yet: wait for them.
  for (int waited = 0; waited < 1000 && !fs::is_empty(dir_.path() / "inflight"); ++waited)
    usleep(10'000);
  std::vector<nlohmann::json> out;
  std::istringstream lines(read_file(dir_.path() / "requests.jsonl"));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

void FakeHub::clear_requests() {
  (void)requests();
  write_file(dir_.path() / "requests.jsonl", "");
}

std::string hub_env(const FakeHub& hub, const fs::path& home, const std::string& extra) {
  return "env -u HF_TOKEN -u HUGGING_FACE_HUB_TOKEN -u HF_HUB_OFFLINE -u HF_HUB_CACHE "
         "-u HF_TOKEN_PATH HF_ENDPOINT=" +
         hub.endpoint() + " XDG_CACHE_HOME=" + (home / "cache").string() +
         " HF_HOME=" + (home / "hf").string() + " " + extra + " ";
}

}  // namespace owl::testing
