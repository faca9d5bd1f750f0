// Unit tests for history/revisions: range arguments turned into what the walk includes and
// excludes.
#include <gtest/gtest.h>

#include "history/revisions.h"

namespace ks {
namespace {

using Revs = std::vector<std::string>;

RevisionArgs Args(std::string range, bool all_objects = false) {
  RevisionArgs a;
  a.range = std::move(range);
  a.all_objects = all_objects;
  return a;
}

HistoryOptions Select(const RevisionArgs& args) {
  HistoryOptions h;
  EXPECT_TRUE(SelectRevisions(args, &h));
  return h;
}

TEST(RevisionsTest, NothingMeansEveryReference) {
  const HistoryOptions h = Select(RevisionArgs{});
  EXPECT_TRUE(h.include.empty());
  EXPECT_TRUE(h.exclude.empty());
}

TEST(RevisionsTest, ARangeIncludesItsEndAndExcludesItsStartWithHeadForAnEmptySide) {
  HistoryOptions h = Select(Args("main..topic"));
  EXPECT_EQ(h.include, Revs{"topic"});
  EXPECT_EQ(h.exclude, Revs{"main"});
  h = Select(Args("origin/main.."));
  EXPECT_EQ(h.include, Revs{"HEAD"});
  EXPECT_EQ(h.exclude, Revs{"origin/main"});
  h = Select(Args("v1.0"));
  EXPECT_EQ(h.include, Revs{"v1.0"});
  EXPECT_TRUE(h.exclude.empty());
}

TEST(RevisionsTest, SinceAndBranchNarrowTheWalk) {
  const RevisionArgs args{.range = "", .since = "v2", .branch = "dev", .all_objects = false};
  const HistoryOptions h = Select(args);
  EXPECT_EQ(h.include, Revs{"dev"});
  EXPECT_EQ(h.exclude, Revs{"v2"});
}

TEST(RevisionsTest, CombinationsThatCannotWorkAreUsageErrors) {
  HistoryOptions h;
  RevisionArgs both = Args("a..b");
  both.branch = "dev";
  EXPECT_EQ(SelectRevisions(both, &h).error().kind, ErrorKind::kUsage);
  RevisionArgs symmetric = Args("a...b");
  EXPECT_NE(SelectRevisions(symmetric, &h).error().message.find("A...B"), std::string::npos);
  RevisionArgs everything = Args("a..b", true);
  HistoryOptions fresh;
  EXPECT_FALSE(SelectRevisions(everything, &fresh));
  EXPECT_TRUE(Select(Args("", true)).all_objects);
}

}  // namespace
}  // namespace ks
