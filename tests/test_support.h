// Helpers shared by the GoogleTest suite: where the shared corpus and the
// repository live, and small file utilities for building test releases.
#pragma once

#include <filesystem>
#include <string>

namespace owl::testing {

// ../shared/corpus from the repository root (CI has it at the same place).
std::filesystem::path corpus_dir();
std::filesystem::path corpus(const std::string& relative);
std::filesystem::path source_dir();
std::filesystem::path owl_binary();

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& contents);

// A fresh empty directory under the system temp dir, removed on destruction.
// kMemory puts it on /dev/shm when that is a writable tmpfs: on the CI disk
// creating 30,000 small files takes 20 s of system time, on tmpfs under one.
// Only for trees of small files (every byte written stays in RAM).
class TempDir {
 public:
  enum class Storage { kDisk, kMemory };
  explicit TempDir(Storage storage = Storage::kDisk);
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output only; stderr goes to a separate string
  std::string err;
};

// Runs the built owl binary with `args` (already shell-quoted by the caller).
CommandResult run_owl(const std::string& args);
// The same with `prefix` before owl on the command line (an `env VAR=...`,
// a timeout, or a capability drop for root).
CommandResult run_owl_under(const std::string& prefix, const std::string& args);
// run_owl, and owl's own peak resident memory in KiB (tests/tools/
// peak_rss.py around it says why the test binary cannot measure it itself).
struct MeasuredResult {
  CommandResult result;
  long peak_kib = -1;
};
MeasuredResult run_owl_measured(const std::string& args);

}  // namespace owl::testing
