#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace owl::testing {

std::filesystem::path corpus_dir() { return OWL_CORPUS_DIR; }
std::filesystem::path corpus(const std::string& relative) { return corpus_dir() / relative; }
std::filesystem::path source_dir() { return OWL_SOURCE_DIR; }
std::filesystem::path owl_binary() { return OWL_BINARY; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const std::filesystem::path& path, const std::string& contents) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

namespace {

std::filesystem::path temp_root(TempDir::Storage storage) {
  if (storage == TempDir::Storage::kMemory) {
    const std::filesystem::path shm = "/dev/shm";
    std::error_code error;
    if (std::filesystem::is_directory(shm, error) && ::access(shm.c_str(), W_OK) == 0) return shm;
  }
  return std::filesystem::temp_directory_path();
}

}  // namespace

TempDir::TempDir(Storage storage) {
  static std::atomic<int> counter{0};
  std::random_device entropy;
  path_ = temp_root(storage) /
          ("owl-test-" + std::to_string(entropy()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

CommandResult run_owl(const std::string& args) { return run_owl_under("", args); }

CommandResult run_owl_under(const std::string& prefix, const std::string& args) {
  TempDir scratch;
  const auto out_path = scratch.path() / "out";
  const auto err_path = scratch.path() / "err";
  const std::string command = prefix + " " + owl_binary().string() + " " + args + " >" +
                              out_path.string() + " 2>" + err_path.string() + " </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

MeasuredResult run_owl_measured(const std::string& args) {
  TempDir scratch;
  const auto peak_file = scratch.path() / "peak";
  MeasuredResult measured;
  measured.result = run_owl_under("python3 " + (source_dir() / "tests/tools/peak_rss.py").string() +
                                      " --peak " + peak_file.string() + " --",
                                  args);
  if (std::filesystem::exists(peak_file)) measured.peak_kib = std::stol(read_file(peak_file));
  return measured;
}

}  // namespace owl::testing
