// Unit tests for the repository-free parts of src/git (Oid, OidSet, CommitGraph, IsoUtc) and
// for AddedLines, which staged scans use to keep only findings on added lines.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "git/commit.h"
#include "git/commit_graph.h"
#include "git/oid.h"
#include "git/oid_set.h"
#include "git/sorted_oids.h"
#include "source/added_lines.h"

namespace ks::git {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// Distinct, well-spread ids (never the all-zero one).
Oid Numbered(uint32_t n) {
  Oid id;
  const uint32_t mixed = n * 2654435761u;
  const uint32_t tail = n + 1;
  std::memcpy(id.bytes.data(), &mixed, sizeof(mixed));
  std::memcpy(id.bytes.data() + 16, &tail, sizeof(tail));
  return id;
}

TEST(GitOidTest, HexRoundTrip) {
  const std::string hex = "0123456789abcdef0123456789abcdef01234567";
  auto id = Oid::FromHex(hex);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->Hex(), hex);
  EXPECT_EQ(Oid::FromHex("0123456789ABCDEF0123456789ABCDEF01234567"), id);
}

TEST(GitOidTest, FromHexRejectsWrongLengthAndDigits) {
  EXPECT_FALSE(Oid::FromHex("0123").has_value());
  EXPECT_FALSE(Oid::FromHex("0123456789abcdef0123456789abcdef0123456g").has_value());
  EXPECT_FALSE(Oid::FromHex("0123456789abcdef0123456789abcdef012345678").has_value());
}

TEST(GitOidTest, EqualityLooksAtEveryByte) {
  for (size_t i = 0; i < Oid::kSize; ++i) {
    Oid a, b;
    b.bytes[i] = 1;
    EXPECT_NE(a, b) << i;
  }
}

TEST(GitOidSetTest, InsertReportsNewIdsOnly) {
  OidSet set;
  EXPECT_TRUE(set.insert(Numbered(1)));
  EXPECT_FALSE(set.insert(Numbered(1)));
  EXPECT_TRUE(set.contains(Numbered(1)));
  EXPECT_FALSE(set.contains(Numbered(2)));
  EXPECT_EQ(set.size(), 1u);
}

TEST(GitOidSetTest, ZeroIdIsAnOrdinaryMember) {
  OidSet set;
  EXPECT_FALSE(set.contains(Oid{}));
  EXPECT_TRUE(set.insert(Oid{}));
  EXPECT_FALSE(set.insert(Oid{}));
  EXPECT_TRUE(set.contains(Oid{}));
  EXPECT_EQ(set.size(), 1u);
}

TEST(GitOidSetTest, KeepsEverythingAcrossGrowth) {
  OidSet set;
  for (uint32_t i = 0; i < 20000; ++i) ASSERT_TRUE(set.insert(Numbered(i)));
  for (uint32_t i = 0; i < 20000; ++i) ASSERT_TRUE(set.contains(Numbered(i))) << i;
  for (uint32_t i = 20000; i < 20100; ++i) EXPECT_FALSE(set.contains(Numbered(i)));
  EXPECT_EQ(set.size(), 20000u);
}

TEST(GitOidSetTest, ReserveKeepsEveryIdAndForEachVisitsEachOnce) {
  OidSet set;
  set.insert(Oid{});  // the all-zero id is kept apart from the slots
  for (uint32_t i = 1; i <= 3000; ++i) set.insert(Numbered(i));
  set.Reserve(100000);  // rehashes what is there
  for (uint32_t i = 3001; i <= 5000; ++i) set.insert(Numbered(i));
  std::set<Oid> seen;
  set.ForEach([&](const Oid& id) { EXPECT_TRUE(seen.insert(id).second) << id.Hex(); });
  EXPECT_EQ(seen.size(), 5001u);
  EXPECT_EQ(set.size(), 5001u);
  EXPECT_TRUE(seen.contains(Oid{}));
  for (uint32_t i = 1; i <= 5000; ++i) ASSERT_TRUE(set.contains(Numbered(i))) << i;
  EXPECT_FALSE(set.contains(Numbered(5001)));
}

std::string RawIds(const std::vector<Oid>& ids) {
  std::string raw;
  for (const Oid& id : ids) raw.append(reinterpret_cast<const char*>(id.bytes.data()), Oid::kSize);
  return raw;
}

TEST(GitSortedOidsTest, FindsEveryIdAndNothingElse) {
  std::vector<Oid> ids;
  for (uint32_t n = 0; n < 1000; n += 2) ids.push_back(Numbered(n));
  std::sort(ids.begin(), ids.end());
  const std::string raw = RawIds(ids);
  const auto sorted = SortedOids::From(raw);
  ASSERT_TRUE(sorted);
  ASSERT_EQ(sorted->size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(sorted->at(i), ids[i]);
    EXPECT_TRUE(sorted->contains(ids[i]));
    EXPECT_EQ(sorted->LowerBound(ids[i]), i);
  }
  for (uint32_t n = 1; n < 1000; n += 2) EXPECT_FALSE(sorted->contains(Numbered(n))) << n;
  EXPECT_FALSE(sorted->contains(Oid{}));  // below every id
  Oid top;
  top.bytes.fill(0xff);
  EXPECT_EQ(sorted->LowerBound(top), ids.size());
  EXPECT_FALSE(SortedOids{}.contains(ids[0]));
}

TEST(GitSortedOidsTest, RejectsPartialIdsDisorderAndRepeats) {
  std::vector<Oid> ids = {Numbered(1), Numbered(2), Numbered(3)};
  std::sort(ids.begin(), ids.end());
  const std::string raw = RawIds(ids);
  EXPECT_TRUE(SortedOids::From(raw));
  EXPECT_TRUE(SortedOids::From(""));
  EXPECT_FALSE(SortedOids::From(raw.substr(1)));
  EXPECT_FALSE(SortedOids::From(RawIds({ids[1], ids[0], ids[2]})));
  EXPECT_FALSE(SortedOids::From(RawIds({ids[0], ids[1], ids[1]})));
}

// A commit's tree, for the graph tests: any id that differs from the commit's.
Oid TreeOf(Oid commit) {
  commit.bytes[19] ^= 0xff;
  return commit;
}

TEST(GitCommitGraphTest, AncestorsHaveSmallerGenerations) {
  // root <- a <- merge, root <- b1 <- b2 <- merge
  const Oid root = Numbered(1), a = Numbered(2), b1 = Numbered(3), b2 = Numbered(4),
            merge = Numbered(5);
  CommitGraph g;
  auto add = [&](const Oid& id, std::vector<Oid> parents) { g.Add(id, TreeOf(id), parents); };
  add(merge, {a, b2});
  add(b2, {b1});
  add(b1, {root});
  add(a, {root});
  add(root, {});
  EXPECT_EQ(g.Generation(root), 1u);
  EXPECT_EQ(g.Generation(a), 2u);
  EXPECT_EQ(g.Generation(b2), 3u);
  EXPECT_EQ(g.Generation(merge), 4u);
  EXPECT_EQ(g.Generation(Numbered(99)), 0u);
}

TEST(GitCommitGraphTest, LinksParentsToIndicesAndKeepsTrees) {
  CommitGraph g;
  EXPECT_EQ(g.Add(Numbered(30), TreeOf(Numbered(30)), std::vector{Numbered(10), Numbered(20)}), 0u);
  EXPECT_EQ(g.Add(Numbered(20), TreeOf(Numbered(20)), std::vector{Numbered(5), Numbered(10)}), 1u);
  EXPECT_EQ(g.Add(Numbered(10), TreeOf(Numbered(10)), std::vector{Numbered(5)}), 2u);
  g.Link();
  EXPECT_EQ(g.tree(1), TreeOf(Numbered(20)));
  EXPECT_THAT(g.parents(0), ElementsAre(2u, 1u));  // the commit's own parent order
  // 5 was hidden or excluded: one outside entry, shared by both children.
  EXPECT_THAT(g.parents(1), ElementsAre(CommitGraph::kOutside | 0u, 2u));
  EXPECT_THAT(g.parents(2), ElementsAre(CommitGraph::kOutside | 0u));
  EXPECT_THAT(g.outside(), ElementsAre(Numbered(5)));
}

TEST(GitCommitGraphTest, NumbersCommitsInOrderAndFindsThemAcrossBatches) {
  CommitGraph g;
  auto add = [&](uint32_t id, std::vector<Oid> parents) {
    return g.Add(Numbered(id), TreeOf(Numbered(id)), parents);
  };
  EXPECT_EQ(add(30, {Numbered(10), Numbered(20)}), 0u);
  EXPECT_EQ(add(10, {}), 1u);
  EXPECT_EQ(g.Find(Numbered(30)), 0u);  // indexes the first batch
  g.Link();                             // 20 is outside the graph for now
  EXPECT_THAT(g.parents(0), ElementsAre(1u, CommitGraph::kOutside | 0u));
  EXPECT_EQ(add(20, {Numbered(5)}), 2u);
  EXPECT_EQ(add(1, {}), 3u);
  EXPECT_EQ(g.Find(Numbered(20)), 2u);  // merges the second batch into the index
  EXPECT_EQ(g.Find(Numbered(1)), 3u);
  EXPECT_EQ(g.Find(Numbered(10)), 1u);
  EXPECT_EQ(g.Find(Numbered(5)), std::nullopt);
  EXPECT_EQ(g.size(), 4u);
  EXPECT_EQ(g.id(2), Numbered(20));
  g.Link();  // 20 is in the graph now: its child links to it
  EXPECT_THAT(g.parents(0), ElementsAre(1u, 2u));
  EXPECT_TRUE(g.parents(1).empty());
  EXPECT_EQ(g.Generation(Numbered(20)), 1u);  // its parent 5 is outside the graph
  EXPECT_EQ(g.Generation(Numbered(30)), 2u);
}

TEST(GitCommitGraphTest, BreakCyclesCutsTheLinkThatClosesEachCycle) {
  // a is its own parent; b -> c -> b; d -> e (no cycle), e -> outside 9.
  CommitGraph g;
  auto add = [&](uint32_t id, std::vector<Oid> parents) {
    return g.Add(Numbered(id), TreeOf(Numbered(id)), parents);
  };
  add(1, {Numbered(1)});
  add(2, {Numbered(3)});
  add(3, {Numbered(2)});
  add(4, {Numbered(5)});
  add(5, {Numbered(9)});
  g.Link();
  EXPECT_THAT(g.BreakCycles(), UnorderedElementsAre(Numbered(1), Numbered(3)));
  EXPECT_TRUE(g.parents(0).empty());  // read as a root now
  EXPECT_THAT(g.parents(1), ElementsAre(2u));
  EXPECT_TRUE(g.parents(2).empty());
  EXPECT_THAT(g.parents(3), ElementsAre(4u));
  EXPECT_THAT(g.parents(4), ElementsAre(CommitGraph::kOutside | 0u));
  EXPECT_EQ(g.Generation(Numbered(2)), 2u);  // settles: 3 is a root, 2 above it
  EXPECT_TRUE(g.BreakCycles().empty());      // nothing left to cut
}

TEST(GitCommitGraphTest, BreakCyclesLeavesAHistoryWithoutCyclesAlone) {
  CommitGraph g;
  g.Add(Numbered(3), TreeOf(Numbered(3)), std::vector{Numbered(1), Numbered(2)});
  g.Add(Numbered(2), TreeOf(Numbered(2)), std::vector{Numbered(1)});
  g.Add(Numbered(1), TreeOf(Numbered(1)), std::vector<Oid>{});
  g.Link();
  EXPECT_TRUE(g.BreakCycles().empty());
  EXPECT_THAT(g.parents(0), ElementsAre(2u, 1u));
  EXPECT_EQ(g.Generation(Numbered(3)), 3u);
}

TEST(GitCommitGraphTest, ParentsOutsideTheWalkCountAsRoots) {
  CommitGraph g;
  g.Add(Numbered(2), TreeOf(Numbered(2)), std::vector{Numbered(1)});  // 1 was hidden or cut off
  EXPECT_EQ(g.Generation(Numbered(2)), 1u);
}

TEST(GitCommitGraphTest, DeepHistoryDoesNotOverflowTheStack) {
  CommitGraph g;
  constexpr uint32_t kDepth = 200000;
  g.Add(Numbered(0), Oid(), {});
  for (uint32_t i = 1; i < kDepth; ++i) g.Add(Numbered(i), Oid(), std::vector{Numbered(i - 1)});
  EXPECT_EQ(g.Generation(Numbered(kDepth - 1)), kDepth);
}

TEST(GitIsoUtcTest, FormatsSecondsAsUtc) {
  EXPECT_EQ(IsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoUtc(1704164645), "2024-01-02T03:04:05Z");
}

TEST(GitAddedLinesTest, ContainsOnlyLinesInRanges) {
  const std::vector<LineRange> ranges{{3, 2}, {10, 1}};
  const AddedLines added(false, ranges);
  for (uint64_t line : {3u, 4u, 10u}) EXPECT_TRUE(added.Contains(line)) << line;
  for (uint64_t line : {1u, 2u, 5u, 9u, 11u}) EXPECT_FALSE(added.Contains(line)) << line;
}

TEST(GitAddedLinesTest, AllCoversEveryLine) {
  const std::vector<LineRange> none;
  EXPECT_TRUE(AddedLines(true, none).Contains(1));
  EXPECT_FALSE(AddedLines(false, none).Contains(1));
}

}  // namespace
}  // namespace ks::git
