// Unit tests for history/revisions: range arguments turned into what the walk includes and
// excludes.
#include <gtest/gtest.h>

#include "history/revisions.h"

namespace ks {
namespace {

using Revs = std::vector<std::string>;

HistoryOptions Select(const RevisionArgs& args) {
  HistoryOptions h;
  EXPECT_TRUE(SelectRevisions(args, &h));
  return h;
}

TEST(RevisionsTest, NothingMeansEveryReference) {
  const HistoryOptions h = Select({});
  EXPECT_TRUE(h.include.empty());
  EXPECT_TRUE(h.exclude.empty());
}

TEST(RevisionsTest, ARangeIncludesItsEndAndExcludesItsStartWithHeadForAnEmptySide) {
  HistoryOptions h = Select({"main..topic"});
  EXPECT_EQ(h.include, Revs{"topic"});
  EXPECT_EQ(h.exclude, Revs{"main"});
  h = Select({"origin/main.."});
  EXPECT_EQ(h.include, Revs{"HEAD"});
  EXPECT_EQ(h.exclude, Revs{"origin/main"});
  h = Select({"v1.0"});
  EXPECT_EQ(h.include, Revs{"v1.0"});
  EXPECT_TRUE(h.exclude.empty());
}

TEST(RevisionsTest, SinceAndBranchNarrowTheWalk) {
  RevisionArgs args;
  args.branch = "dev";
  args.since = "v2";
  const HistoryOptions h = Select(args);
  EXPECT_EQ(h.include, Revs{"dev"});
  EXPECT_EQ(h.exclude, Revs{"v2"});
}

TEST(RevisionsTest, CombinationsThatCannotWorkAreUsageErrors) {
  HistoryOptions h;
  RevisionArgs both{"a..b", "", "dev", false};
  EXPECT_EQ(SelectRevisions(both, &h).error().kind, ErrorKind::kUsage);
  RevisionArgs symmetric{"a...b"};
  EXPECT_NE(SelectRevisions(symmetric, &h).error().message.find("A...B"), std::string::npos);
  RevisionArgs everything{"a..b", "", "", true};
  HistoryOptions fresh;
  EXPECT_FALSE(SelectRevisions(everything, &fresh));
  EXPECT_TRUE(Select({"", "", "", true}).all_objects);
}

}  // namespace
}  // namespace ks
