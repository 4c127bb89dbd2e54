// The progress line (owl/progress.h).
#include "owl/progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "owl/text.h"
#include "owl/units.h"

namespace owl {

namespace {

std::string duration_words(double seconds) {
  const auto whole = static_cast<uint64_t>(std::llround(seconds));
  if (whole < 60) return fmt::format("{}s", whole);
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, (whole % 3600) / 60);
}

}  // namespace

std::string progress_line(const ProgressCounts& counts) {
  std::string line = fmt::format("owl: {}", counts.releases_done);
  if (counts.releases_total > 0) line += fmt::format("/{}", counts.releases_total);
  line += counts.releases_total == 1 ? " release" : " releases";
  if (counts.bytes_total > 0)
    line +=
        fmt::format(" · {} of {}", human_bytes(counts.bytes_done), human_bytes(counts.bytes_total));
  else if (counts.bytes_done > 0)
    line += fmt::format(" · {}", human_bytes(counts.bytes_done));
  if (counts.seconds <= 0) return line;
  const bool by_bytes = counts.bytes_total > 0 || counts.bytes_done > 0;
  const double done =
      by_bytes ? static_cast<double>(counts.bytes_done) : static_cast<double>(counts.releases_done);
  const double total = by_bytes ? static_cast<double>(counts.bytes_total)
                                : static_cast<double>(counts.releases_total);
  if (done <= 0) return line;
  const double rate = done / counts.seconds;
  line += by_bytes ? fmt::format(" · {}/s", human_bytes(static_cast<uint64_t>(rate)))
                   : fmt::format(" · {:.1f} releases/s", rate);
  if (total > done) line += fmt::format(" · {} left", duration_words((total - done) / rate));
  return line;
}

WorkPlan count_work(const std::vector<std::string>& paths, const FindLimits& limits) {
  WorkPlan plan;
  for (const auto& path : paths) {
    if (is_hub_input(path)) {  // one release; its size is known only to the Hub
      ++plan.totals.releases_total;
      continue;
    }
    FindNotices ignored;  // the run itself reports them
    (void)visit_releases(path, limits, ignored, [&](ReleaseLocation&& location) {
      ++plan.totals.releases_total;
      uint64_t bytes = 0;
      for (const auto& file : location.files)
        if (file.role == FileRole::kWeights) bytes += file.size;
      if (bytes > 0) plan.weights_bytes[location.root] += bytes;
      plan.totals.bytes_total += bytes;
    });
  }
  return plan;
}

std::string fit_progress_line(const std::string& line, size_t width) {
  std::string fitted = line;
  while (display_width(fitted) >= width) {
    const size_t cut = fitted.rfind(" · ");
    if (cut == std::string::npos) break;
    fitted.resize(cut);
  }
  return fitted;
}

ProgressSink::ProgressSink(AuditSink& inner, std::ostream& terminal, WorkPlan plan,
                           ProgressOptions options)
    : inner_(inner),
      terminal_(terminal),
      plan_(std::move(plan)),
      options_(options),
      counts_(plan_.totals),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  counts_.releases_done = 0;
  counts_.bytes_done = 0;
  ticker_ = std::jthread([this](std::stop_token stop) {
    std::unique_lock lock(mutex_);
    // wait_for returns at each tick and when a stop is asked for; only the
    // stop ends the loop.
    while (!stop.stop_requested()) {
      tick_.wait_for(lock, stop, options_.redraw_every, [] { return false; });
      if (!stop.stop_requested()) draw(false);
    }
  });
}

ProgressSink::~ProgressSink() { finish(); }

void ProgressSink::on_release(ReleaseAudit&& audit) {
  std::lock_guard lock(mutex_);
  ++counts_.releases_done;
  // Sized as the walk sized them, so done never passes the total (an LFS
  // pointer's artifact records the size of the file it stands for).
  const auto planned = plan_.weights_bytes.find(audit.release.root);
  if (planned != plan_.weights_bytes.end()) {
    counts_.bytes_done += planned->second;
    plan_.weights_bytes.erase(planned);
  }
  if (options_.report_on_terminal) erase();
  inner_.on_release(std::move(audit));
  draw(false);
}

void ProgressSink::on_error(const Error& error) {
  std::lock_guard lock(mutex_);
  erase();
  inner_.on_error(error);
  draw(true);
}

void ProgressSink::finish() {
  ticker_.request_stop();
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard lock(mutex_);
  finished_ = true;
  erase();
}

void ProgressSink::draw(bool force) {
  using namespace std::chrono;
  if (finished_) return;
  const auto now = steady_clock::now();
  if (now - start_ < options_.quiet_start) return;
  if (!force && now - last_draw_ < options_.redraw_every) return;
  counts_.seconds = duration<double>(now - start_).count();
  ProgressCounts shown = counts_;
  // While files are hashed the bytes move with the hashing, not only when
  // a release is done; never past the total the walk found.
  if (options_.hashed_bytes != nullptr) {
    shown.bytes_done = std::max(shown.bytes_done, options_.hashed_bytes->load());
    if (shown.bytes_total > 0) shown.bytes_done = std::min(shown.bytes_done, shown.bytes_total);
  }
  // \r and "erase to end of line": the line is redrawn in place.
  terminal_ << '\r' << fit_progress_line(progress_line(shown), options_.width) << "\033[K"
            << std::flush;
  last_draw_ = now;
  drawn_ = true;
}

void ProgressSink::erase() {
  if (!drawn_) return;
  terminal_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace owl
