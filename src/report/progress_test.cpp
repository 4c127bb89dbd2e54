// The progress line (owl/progress.h): a pure function of counts and time.
#include "owl/progress.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

namespace owl {
namespace {

TEST(ProgressLine, ReleasesBytesRateAndTimeLeft) {
  ProgressCounts counts;
  counts.releases_done = 12;
  counts.releases_total = 40;
  counts.bytes_done = 3'000'000'000;
  counts.bytes_total = 9'000'000'000;
  counts.seconds = 20;
  EXPECT_EQ(progress_line(counts),
            "owl: 12/40 releases · 3.0 GB of 9.0 GB · 150.0 MB/s · 40s left");
}

TEST(ProgressLine, WithoutBytesTheRateIsInReleases) {
  ProgressCounts counts;
  counts.releases_done = 300;
  counts.releases_total = 3400;
  counts.seconds = 60;
  EXPECT_EQ(progress_line(counts), "owl: 300/3400 releases · 5.0 releases/s · 10m20s left");
}

TEST(ProgressLine, NothingDoneYetHasNoRateOrEstimate) {
  ProgressCounts counts;
  counts.releases_total = 1;
  counts.bytes_total = 16'000'000'000;
  counts.seconds = 2;
  EXPECT_EQ(progress_line(counts), "owl: 0/1 release · 0 B of 16.0 GB");
  counts.seconds = 0;
  counts.releases_total = 0;
  counts.bytes_total = 0;
  EXPECT_EQ(progress_line(counts), "owl: 0 releases");
}

TEST(ProgressLine, LongRunsInHours) {
  ProgressCounts counts;
  counts.releases_done = 1;
  counts.releases_total = 2;
  counts.bytes_done = 1'000'000;
  counts.bytes_total = 10'001'000'000;
  counts.seconds = 1;
  EXPECT_EQ(progress_line(counts), "owl: 1/2 releases · 1.0 MB of 10.0 GB · 1.0 MB/s · 2h46m left");
}

TEST(ProgressLine, FitsTheTerminalByDroppingTheLastParts) {
  const std::string line = "owl: 12/40 releases · 3.0 GB of 9.0 GB · 150.0 MB/s · 40s left";
  EXPECT_EQ(fit_progress_line(line, 80), line);
  EXPECT_EQ(fit_progress_line(line, 50), "owl: 12/40 releases · 3.0 GB of 9.0 GB");
  EXPECT_EQ(fit_progress_line(line, 10), "owl: 12/40 releases");
}

class CountingSink : public AuditSink {
 public:
  void on_release(ReleaseAudit&&) override { ++releases; }
  void on_error(const Error&) override { ++errors; }
  int releases = 0;
  int errors = 0;
};

// A run shorter than a second draws nothing, and everything reaches the
// sink behind the progress line.
TEST(ProgressSink, ForwardsAndStaysSilentOnShortRuns) {
  CountingSink inner;
  std::ostringstream terminal;
  ProgressSink progress(inner, terminal, WorkPlan{});  // quiet for the first second
  progress.on_release(ReleaseAudit{});
  progress.on_error(Error{});
  progress.finish();
  EXPECT_EQ(inner.releases, 1);
  EXPECT_EQ(inner.errors, 1);
  EXPECT_EQ(terminal.str(), "");
}

// A sink that prints each release to the terminal the line is on.
class PrintingSink : public AuditSink {
 public:
  explicit PrintingSink(std::ostream& out) : out_(out) {}
  void on_release(ReleaseAudit&&) override { out_ << "REPORT\n"; }
  void on_error(const Error&) override { out_ << "ERROR\n"; }

 private:
  std::ostream& out_;
};

// With the report on the same terminal, each release's text starts on a
// line the progress line was erased from, never after it.
TEST(ProgressSink, TheReportNeverFollowsTheLineOnItsRow) {
  std::ostringstream terminal;
  PrintingSink inner(terminal);
  ProgressOptions options;
  options.quiet_start = std::chrono::milliseconds(0);
  options.redraw_every = std::chrono::milliseconds(0);
  options.report_on_terminal = true;
  WorkPlan plan;
  plan.totals.releases_total = 3;
  ProgressSink progress(inner, terminal, plan, options);
  for (int i = 0; i < 3; ++i) progress.on_release(ReleaseAudit{});
  progress.on_error(Error{});
  progress.finish();
  const std::string shown = terminal.str();
  EXPECT_NE(shown.find("owl: 2/3 releases"), std::string::npos) << shown;
  for (size_t at = shown.find("REPORT"); at != std::string::npos; at = shown.find("REPORT", at + 1))
    EXPECT_TRUE(at == 0 || shown.compare(at - 4, 4, "\r\033[K") == 0) << shown;
  EXPECT_EQ(shown.compare(shown.size() - 4, 4, "\r\033[K"), 0);  // erased at the end
}

// While one large file is hashed no release finishes, yet the line moves
// with the bytes the readers count.
TEST(ProgressSink, ALongHashMovesTheLineBetweenReleases) {
  CountingSink inner;
  std::ostringstream terminal;
  std::atomic<uint64_t> hashed{0};
  ProgressOptions options;
  options.quiet_start = std::chrono::milliseconds(0);
  options.redraw_every = std::chrono::milliseconds(5);
  options.hashed_bytes = &hashed;
  WorkPlan plan;
  plan.totals.releases_total = 1;
  plan.totals.bytes_total = 4'000'000'000;
  ProgressSink progress(inner, terminal, plan, options);
  hashed = 1'000'000'000;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  hashed = 9'000'000'000;  // more than the walk sized: shown as the total
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  progress.finish();
  const std::string shown = terminal.str();
  EXPECT_EQ(inner.releases, 0);
  EXPECT_NE(shown.find("owl: 0/1 release · 1.0 GB of 4.0 GB"), std::string::npos) << shown;
  EXPECT_NE(shown.find("4.0 GB of 4.0 GB"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("9.0 GB of"), std::string::npos) << shown;
}

}  // namespace
}  // namespace owl
