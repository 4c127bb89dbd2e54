// A progress line for long runs (`owl scan` over many releases, `--hash`):
// releases and bytes done, rate and time left, redrawn in place on a
// terminal's stderr. Part of the report stage: it prints, the library does
// not. Not thread-safe: one ProgressSink per run, called from one thread
// (audit_paths and audit_paths_parallel both deliver on the caller's).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
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

// An AuditSink in front of another: forwards every release and error, and
// keeps a progress line on `terminal` (stderr). It draws nothing in the
// first second (a short run shows no line), redraws at most ten times a
// second, and erases the line before an error is forwarded and on finish(),
// so the line never mixes with other output. Only construct it when
// stderr is a terminal and the user did not ask for --quiet or --json.
class ProgressSink : public AuditSink {
 public:
  ProgressSink(AuditSink& inner, std::ostream& terminal, WorkPlan plan, size_t width = 80);
  void on_release(ReleaseAudit&& audit) override;
  void on_error(const Error& error) override;
  void on_missing_release() override { inner_.on_missing_release(); }
  void finish();  // erase the line

 private:
  void draw(bool force);
  void erase();

  AuditSink& inner_;
  std::ostream& terminal_;
  WorkPlan plan_;
  ProgressCounts counts_;
  size_t width_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace owl
