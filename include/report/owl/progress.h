// A progress line for long runs (`owl scan` over many releases, `--hash`):
// releases and bytes done, rate and time left, redrawn in place on a
// terminal's stderr. Part of the report stage: it prints, the library does
// not. One ProgressSink per run, called from one thread (audit_paths and
// audit_paths_parallel both deliver on the caller's); its own ticker thread
// shares the line with it under a lock.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "owl/audit.h"
#include "owl/find.h"

namespace owl {

struct ProgressCounts {
  size_t releases_done = 0;
  size_t releases_total = 0;  // 0: not known
  uint64_t bytes_done = 0;    // weights files of the releases done
  uint64_t bytes_total = 0;   // 0: not known (or no weights)
  double seconds = 0;         // since the run began
};

// "owl: 12/40 releases · 3.2 GB of 10.4 GB · 150 MB/s · 48s left". The rate
// and time left are by bytes when there are any, else by releases; both are
// left out until some work is done. Pure: the same counts give the same line.
std::string progress_line(const ProgressCounts& counts);

// The line cut to `width` columns (a redrawn line must not wrap): the last
// " · " parts are dropped until it fits, the counts always stay.
std::string fit_progress_line(const std::string& line, size_t width);

// What a run will do, from a walk of the paths before it starts (the walk
// only lists files; find_releases is cheap next to reading them). Paths the
// walk cannot list count nothing: the run itself reports them.
struct WorkPlan {
  ProgressCounts totals;
  std::map<std::string, uint64_t> weights_bytes;  // by release root, as the walk sized them
};
WorkPlan count_work(const std::vector<std::string>& paths, const FindLimits& limits);

struct ProgressOptions {
  size_t width = 80;  // the terminal's columns
  // Bytes hashed so far by the run (ReadOptions::hashed_bytes), when it
  // hashes: the line then moves while one large file is being hashed.
  const std::atomic<uint64_t>* hashed_bytes = nullptr;
  // The report goes to the same terminal (stdout is one): the line is then
  // erased before each release is forwarded and redrawn after.
  bool report_on_terminal = false;
  std::chrono::milliseconds quiet_start{1000};  // a shorter run shows no line
  std::chrono::milliseconds redraw_every{100};
};

// An AuditSink in front of another: forwards every release and error, and
// keeps a progress line on `terminal` (stderr). It draws nothing until
// quiet_start has passed, then redraws at most every redraw_every, on each
// release and, from a thread of its own, while the run waits on a long
// file. The line is erased before each error is forwarded, before each
// release when the report goes to the same terminal, and on finish(), so
// it never mixes with other output. Only construct it when stderr is a
// terminal and the user did not ask for --quiet.
class ProgressSink : public AuditSink {
 public:
  ProgressSink(AuditSink& inner, std::ostream& terminal, WorkPlan plan,
               ProgressOptions options = {});
  ~ProgressSink() override;
  void on_release(ReleaseAudit&& audit) override;
  void on_error(const Error& error) override;
  void on_missing_release() override { inner_.on_missing_release(); }
  void finish();  // stop redrawing and erase the line

 private:
  void draw(bool force);  // with mutex_ held
  void erase();           // with mutex_ held

  AuditSink& inner_;
  std::ostream& terminal_;
  WorkPlan plan_;
  ProgressOptions options_;
  ProgressCounts counts_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
  bool finished_ = false;
  std::mutex mutex_;  // the line and the counts, shared with the ticker
  std::condition_variable_any tick_;
  std::jthread ticker_;  // last: it uses everything above
};

}  // namespace owl
