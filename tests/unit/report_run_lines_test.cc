// Unit tests for report/run_lines: the end-of-run lines on stderr.
#include <gtest/gtest.h>

#include "report/run_lines.h"

namespace ks {
namespace {

TEST(RunLinesTest, NothingSuppressedSaysNothing) { EXPECT_EQ(SuppressedLine({}), ""); }

TEST(RunLinesTest, SuppressedFindingsAreCountedByReasonInAFixedOrder) {
  SuppressedCounts c;
  c.disabled_rules = 1;
  c.baseline = 2;
  EXPECT_EQ(SuppressedLine(c),
            "keysweep: suppressed 3 findings: 2 by the baseline, 1 of disabled rules\n");
  SuppressedCounts one;
  one.inline_markers = 1;
  EXPECT_EQ(SuppressedLine(one), "keysweep: suppressed 1 finding: 1 by inline markers\n");
}

TEST(RunLinesTest, BaselineLinesSayWhatWasWrittenOrDropped) {
  EXPECT_EQ(BaselineWrittenLine(BaselineAction::kCreate, 0, 4, "b.json"),
            "keysweep: baseline: wrote 4 entries to b.json\n");
  EXPECT_EQ(BaselineWrittenLine(BaselineAction::kPrune, 5, 3, "b.json"),
            "keysweep: baseline: dropped 2 of 5 entries no longer found; b.json has 3\n");
}

}  // namespace
}  // namespace ks
