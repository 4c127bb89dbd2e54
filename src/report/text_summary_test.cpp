// When `owl scan` prints summary lines instead of full blocks.
#include <gtest/gtest.h>

#include "owl/report.h"

namespace owl {
namespace {

TEST(UseSummary, AutoIsTheSummaryOnlyForManyReleasesOnATerminal) {
  EXPECT_FALSE(use_summary(ScanLayout::kAuto, kSummaryAbove, true));
  EXPECT_TRUE(use_summary(ScanLayout::kAuto, kSummaryAbove + 1, true));
  EXPECT_FALSE(use_summary(ScanLayout::kAuto, kSummaryAbove + 1, false));  // a pipe or a file
}

TEST(UseSummary, FlagsDecideWhateverTheCount) {
  EXPECT_TRUE(use_summary(ScanLayout::kSummary, 1, false));
  EXPECT_FALSE(use_summary(ScanLayout::kFull, 1000, true));
}

}  // namespace
}  // namespace owl
