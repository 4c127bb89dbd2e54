// The progress line (owl/progress.h): a pure function of counts and time.
#include "owl/progress.h"

#include <gtest/gtest.h>

#include <sstream>

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
  ProgressSink progress(inner, terminal, WorkPlan{});
  progress.on_release(ReleaseAudit{});
  progress.on_error(Error{});
  progress.finish();
  EXPECT_EQ(inner.releases, 1);
  EXPECT_EQ(inner.errors, 1);
  EXPECT_EQ(terminal.str(), "");
}

}  // namespace
}  // namespace owl
