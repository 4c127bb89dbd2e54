// audit_paths on several threads: one finder, N auditors, and delivery in
// find order on the calling thread.
//
// Delivery in order was chosen over tagging results with their index: the
// sink stays single-threaded and every printer's output is the same as the
// serial run's, at the cost of a reorder buffer that the in-flight bound
// keeps small.
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>
#include <vector>

#include "owl/audit.h"

namespace owl {

namespace {

// A release found by a walk, or a Hub id the worker lists (one API call,
// I/O bound: on the workers, not the finder, so calls overlap).
struct Job {
  size_t sequence = 0;
  ReleaseLocation location;
  std::optional<HubId> hub;
};

// A path that failed outright, or what its walk noted between releases.
struct PathFailure {
  Error error;
};
// A Hub id the name walk counted as a release that could not be listed.
struct HubFailure {
  Error error;
};
struct WalkNotice {
  std::optional<Error> error;
  std::string note;
};
using Outcome = std::variant<ReleaseAudit, PathFailure, HubFailure, WalkNotice>;

class Pipeline {
 public:
  Pipeline(const AuditOptions& options, size_t max_in_flight)
      : options_(options), max_in_flight_(max_in_flight) {}

  void find_all(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
      if (is_hub_input(path)) {
        auto id = parse_hub_id(path);
        if (!id) {
          deliver_directly(PathFailure{id.error()});
          continue;
        }
        std::unique_lock lock(mutex_);
        wait_for_room(lock);
        jobs_.push_back({issued_++, {}, std::move(*id)});
        work_ready_.notify_one();
        continue;
      }
      FindNotices notices;
      // Each release is queued as the walk meets it, so the finder never
      // holds more than the in-flight window either.
      auto walked = visit_releases(path, options_.find, notices, [&](ReleaseLocation&& location) {
        std::unique_lock lock(mutex_);
        wait_for_room(lock);
        jobs_.push_back({issued_++, std::move(location), std::nullopt});
        work_ready_.notify_one();
      });
      if (!walked) {
        deliver_directly(PathFailure{walked.error()});
        continue;
      }
      for (auto& error : notices.errors) deliver_directly(WalkNotice{std::move(error), {}});
      for (auto& note : notices.notes) deliver_directly(WalkNotice{std::nullopt, std::move(note)});
    }
    std::lock_guard lock(mutex_);
    finding_done_ = true;
    work_ready_.notify_all();
    result_ready_.notify_all();
  }

  void audit_jobs() {
    for (;;) {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return !jobs_.empty() || finding_done_; });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      Outcome outcome = job.hub ? audit_hub(*job.hub) : audit_release(job.location, options_);
      lock.lock();
      done_.emplace(job.sequence, std::move(outcome));
      // The deliverer waits only for the next release in order: waking it
      // for any other was one futex round trip per release for nothing.
      if (job.sequence == delivered_) result_ready_.notify_one();
    }
  }

  // Runs on the calling thread; returns the number of paths that failed.
  size_t deliver(AuditSink& sink) {
    size_t failed = 0;
    std::vector<Outcome> ready;
    for (;;) {
      std::unique_lock lock(mutex_);
      result_ready_.wait(lock, [&] {
        return done_.count(delivered_) > 0 || (finding_done_ && delivered_ == issued_);
      });
      // Everything ready in order, in one go.
      for (auto next = done_.find(delivered_); next != done_.end() && next->first == delivered_;
           next = done_.erase(next), ++delivered_)
        ready.push_back(std::move(next->second));
      if (ready.empty()) return failed;
      if (finder_waiting_ && issued_ - delivered_ <= max_in_flight_ / 2) {
        finder_waiting_ = false;
        room_.notify_one();
      }
      lock.unlock();
      for (auto& outcome : ready) failed += hand_over(std::move(outcome), sink);
      ready.clear();
    }
  }

 private:
  // Passes one outcome to the sink; 1 if it was a path that failed.
  static size_t hand_over(Outcome&& outcome, AuditSink& sink) {
    if (auto* audit = std::get_if<ReleaseAudit>(&outcome)) {
      sink.on_release(std::move(*audit));
      return 0;
    }
    if (auto* failure = std::get_if<PathFailure>(&outcome)) {
      sink.on_error(failure->error);
      return 1;
    }
    if (auto* hub_failure = std::get_if<HubFailure>(&outcome)) {
      sink.on_error(hub_failure->error);
      sink.on_missing_release();
      return 1;
    }
    const auto& notice = std::get<WalkNotice>(outcome);
    if (notice.error)
      sink.on_error(*notice.error);
    else
      sink.on_note(notice.note);
    return 0;
  }

  Outcome audit_hub(const HubId& id) {
    auto location = find_hub_release(id, options_.hub);
    if (!location) return HubFailure{location.error()};
    return audit_release(*location, options_);
  }

  // Outcomes that need no auditing take their place in the order too.
  void deliver_directly(Outcome outcome) {
    std::unique_lock lock(mutex_);
    wait_for_room(lock);
    const size_t sequence = issued_++;
    done_.emplace(sequence, std::move(outcome));
    if (sequence == delivered_) result_ready_.notify_one();
  }

  // When the window is full the finder sleeps until the deliverer has
  // emptied half of it, so the two do not swap places on every release.
  void wait_for_room(std::unique_lock<std::mutex>& lock) {
    if (issued_ - delivered_ < max_in_flight_) return;
    finder_waiting_ = true;
    room_.wait(lock, [&] { return !finder_waiting_ || finding_done_; });
  }

  const AuditOptions& options_;
  const size_t max_in_flight_;
  std::mutex mutex_;
  std::condition_variable work_ready_, result_ready_, room_;
  std::deque<Job> jobs_;
  std::map<size_t, Outcome> done_;
  size_t issued_ = 0, delivered_ = 0;
  bool finding_done_ = false;
  bool finder_waiting_ = false;  // for room in the window
};

}  // namespace

size_t audit_paths_parallel(const std::vector<std::string>& paths, const AuditOptions& options,
                            AuditSink& sink, const ParallelOptions& parallel) {
  unsigned workers = parallel.workers != 0 ? parallel.workers : std::thread::hardware_concurrency();
  if (workers == 0) workers = 1;
  const size_t max_in_flight =
      parallel.max_in_flight != 0 ? parallel.max_in_flight : size_t{64} * workers;
  Pipeline pipeline(options, max_in_flight);
  std::vector<std::jthread> threads;
  threads.reserve(workers + 1);
  threads.emplace_back([&] { pipeline.find_all(paths); });
  for (unsigned i = 0; i < workers; ++i) threads.emplace_back([&] { pipeline.audit_jobs(); });
  return pipeline.deliver(sink);  // the jthreads join as they go out of scope
}

}  // namespace owl
