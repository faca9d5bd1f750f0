// Unit tests for history/introductions.h: the table the history diff pass fills.
#include "history/introductions.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ks {
namespace {

git::Oid Id(uint8_t first) {
  git::Oid id;
  id.bytes[0] = first;
  id.bytes[19] = 1;  // never the all-zero id
  return id;
}

std::vector<std::pair<uint32_t, std::string>> Places(const IntroductionTable& t,
                                                     const git::Oid& blob) {
  std::vector<std::pair<uint32_t, std::string>> out;
  for (const auto& e : t.Of(blob)) out.emplace_back(e.commit, std::string(t.path(e)));
  return out;
}

TEST(IntroductionTableTest, MergesShardsAndOrdersEachBlobsIntroductions) {
  std::vector<IntroductionTable::Shard> shards(2);
  shards[0].Add(7, "z/later", Id(2));
  shards[0].Add(3, "b/second", Id(2));
  shards[1].Add(3, "a/first", Id(2));
  shards[1].Add(5, "only", Id(9));
  shards[1].Add(1, "early", Id(1));
  IntroductionTable t;
  t.Add(std::move(shards));
  EXPECT_EQ(t.size(), 5u);
  EXPECT_EQ(Places(t, Id(2)), (std::vector<std::pair<uint32_t, std::string>>{
                                  {3, "a/first"}, {3, "b/second"}, {7, "z/later"}}));
  EXPECT_EQ(Places(t, Id(9)), (std::vector<std::pair<uint32_t, std::string>>{{5, "only"}}));
  EXPECT_TRUE(t.Of(Id(4)).empty());
  EXPECT_FALSE(t.contains(Id(4)));
  EXPECT_TRUE(t.contains(Id(1)));
}

TEST(IntroductionTableTest, ForEachBlobGivesEachBlobOnceAtItsFirstIntroduction) {
  std::vector<IntroductionTable::Shard> shards(3);  // one left empty
  shards[0].Add(4, "x", Id(3));
  shards[2].Add(2, "y", Id(3));
  shards[2].Add(6, "w", Id(8));
  IntroductionTable t;
  t.Add(std::move(shards));
  std::vector<std::pair<std::string, uint32_t>> seen;
  std::vector<size_t> indices;
  t.ForEachBlob([&](const IntroductionTable::Entry& e, size_t index) {
    seen.emplace_back(std::string(t.path(e)), e.commit);
    indices.push_back(index);
  });
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, uint32_t>>{{"y", 2}, {"w", 6}}));
  // Sorted by blob: Id(3) at 2 and 4, then Id(8); entry() gives the same entries back.
  EXPECT_EQ(indices, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(t.entry(1).commit, 4u);
  EXPECT_EQ(t.path(t.entry(2)), "w");
}

TEST(IntroductionTableTest, ALaterBatchMergesIntoTheOrder) {
  std::vector<IntroductionTable::Shard> first(1), later(1);
  first[0].Add(1, "old", Id(5));
  later[0].Add(0, "new", Id(5));
  later[0].Add(2, "other", Id(3));
  IntroductionTable t;
  t.Add(std::move(first));
  EXPECT_FALSE(t.contains(Id(3)));
  t.Add(std::move(later));
  EXPECT_EQ(Places(t, Id(5)),
            (std::vector<std::pair<uint32_t, std::string>>{{0, "new"}, {1, "old"}}));
  EXPECT_TRUE(t.contains(Id(3)));
  EXPECT_EQ(t.size(), 3u);
}

TEST(IntroductionTableTest, EmptyTableHasNothing) {
  IntroductionTable t;
  t.Add({});
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.contains(Id(1)));
  size_t calls = 0;
  t.ForEachBlob([&](const IntroductionTable::Entry&, size_t) { ++calls; });
  EXPECT_EQ(calls, 0u);
}

}  // namespace
}  // namespace ks
