// Runs an audit with a progress line on stderr when asked (owl/progress.h).
#include <unistd.h>

#include <atomic>
#include <iostream>

#include "commands.h"
#include "owl/progress.h"

namespace owl::cli {

size_t audit_with_progress(const std::vector<std::string>& paths, const AuditOptions& options,
                           AuditSink& sink, bool show, const ParallelOptions* parallel) {
  if (!show)
    return parallel ? audit_paths_parallel(paths, options, sink, *parallel)
                    : audit_paths(paths, options, sink);
  // The readers count what they hash, so one long file shows progress too.
  std::atomic<uint64_t> hashed{0};
  AuditOptions counted = options;
  if (counted.read.hash && counted.read.hashed_bytes == nullptr)
    counted.read.hashed_bytes = &hashed;
  ProgressOptions shown;
  shown.width = terminal_width();
  shown.hashed_bytes = counted.read.hashed_bytes;
  shown.report_on_terminal = ::isatty(STDOUT_FILENO) != 0;
  ProgressSink progress(sink, std::cerr, count_work(paths, counted.find), shown);
  const size_t failed = parallel ? audit_paths_parallel(paths, counted, progress, *parallel)
                                 : audit_paths(paths, counted, progress);
  progress.finish();
  return failed;
}

}  // namespace owl::cli
