// Runs an audit with a progress line on stderr when asked (owl/progress.h).
#include <iostream>

#include "commands.h"
#include "owl/progress.h"

namespace owl::cli {

size_t audit_with_progress(const std::vector<std::string>& paths, const AuditOptions& options,
                           AuditSink& sink, bool show, const ParallelOptions* parallel) {
  if (!show)
    return parallel ? audit_paths_parallel(paths, options, sink, *parallel)
                    : audit_paths(paths, options, sink);
  ProgressSink progress(sink, std::cerr, count_work(paths, options.find), terminal_width());
  const size_t failed = parallel ? audit_paths_parallel(paths, options, progress, *parallel)
                                 : audit_paths(paths, options, progress);
  progress.finish();
  return failed;
}

}  // namespace owl::cli
