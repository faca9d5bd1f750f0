// Unit tests for history/provenance: which introductions a history finding is reported at.
#include <gtest/gtest.h>

#include "history/provenance.h"

namespace ks {
namespace {

constexpr char kBlob[] = "1111111111111111111111111111111111111111";

Finding Found(const std::string& rule, const std::string& secret, const char* blob = kBlob) {
  Finding f;
  f.rule = rule;
  f.secret = Secret(secret);
  f.path = "first-seen";
  if (blob) f.blob = blob;
  return f;
}

Introduction Intro(const std::string& commit, int64_t time, const std::string& path,
                   uint64_t generation = 0) {
  return Introduction{CommitInfo{commit, "A", "a@example.com", "2024", time, generation}, path};
}

std::vector<std::string> Places(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.commit.value_or("-") + ":" + f.path);
  return out;
}

TEST(ProvenanceTest, AFindingWithoutIntroductionsStaysWhereItWasFound) {
  const Finding lone = Found("r", "s", nullptr), unintroduced = Found("r", "s");
  std::vector<PlacedFinding> out;
  Expand(lone, {}, &out);
  Expand(unintroduced, {}, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(Place(out[0]).path, "first-seen");
  EXPECT_FALSE(Place(out[1]).commit.has_value());
}

TEST(ProvenanceTest, EachIntroductionBecomesAPlaceWithItsCommit) {
  IntroductionsByBlob intros{{kBlob, {Intro("c1", 10, "a.env"), Intro("c2", 20, "b.env")}}};
  const Finding found = Found("r", "s");
  std::vector<PlacedFinding> out;
  Expand(found, intros, &out);
  ASSERT_EQ(out.size(), 2u);
  const Finding placed = Place(out[1]);
  EXPECT_EQ(placed.commit, "c2");
  EXPECT_EQ(placed.path, "b.env");
  EXPECT_EQ(placed.email, "a@example.com");
  EXPECT_EQ(out[1].time, 20);
  EXPECT_EQ(found.path, "first-seen");  // referred to, not changed
}

TEST(ProvenanceTest, KeepsTheOldestPlacesPerSecretUpToTheLimit) {
  IntroductionsByBlob intros{
      {kBlob, {Intro("late", 30, "c"), Intro("early", 10, "a"), Intro("mid", 20, "b")}}};
  const Finding found = Found("r", "s");
  std::vector<PlacedFinding> all;
  Expand(found, intros, &all);
  EXPECT_EQ(Places(SelectProvenance(all, 1)), std::vector<std::string>{"early:a"});
  EXPECT_EQ(Places(SelectProvenance(all, 2)), (std::vector<std::string>{"early:a", "mid:b"}));
  EXPECT_EQ(SelectProvenance(all, 0).size(), 3u);
}

TEST(ProvenanceTest, TheLimitCountsPerRuleAndSecretAndEqualTimesGoByGeneration) {
  IntroductionsByBlob intros{{kBlob, {Intro("child", 10, "a", 2), Intro("parent", 10, "a", 1)}}};
  const Finding one = Found("r", "one"), two = Found("r", "two");
  std::vector<PlacedFinding> all;
  Expand(one, intros, &all);
  Expand(two, intros, &all);
  const auto kept = SelectProvenance(all, 1);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].commit, "parent");
  EXPECT_EQ(kept[1].commit, "parent");
}

TEST(ProvenanceTest, TheSamePlaceIsReportedOnceAndUnattributedFindingsComeLast) {
  IntroductionsByBlob intros{{kBlob, {Intro("c1", 10, "a")}}};
  const Finding first = Found("r", "s"), again = Found("r", "s"), lone = Found("q", "t", nullptr);
  std::vector<PlacedFinding> all;
  Expand(first, intros, &all);
  Expand(again, intros, &all);  // the same key twice in one file
  Expand(lone, intros, &all);
  EXPECT_EQ(Places(SelectProvenance(all, 0)), (std::vector<std::string>{"c1:a", "-:first-seen"}));
}

TEST(ProvenanceTest, BlobIdsAreSortedAndUnique) {
  std::vector<Finding> found{Found("r", "s", "b"), Found("r", "t", "a"), Found("r", "u", "b"),
                             Found("r", "v", nullptr)};
  EXPECT_EQ(BlobIds(found), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace ks
