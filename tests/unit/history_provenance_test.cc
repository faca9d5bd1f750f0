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
  std::vector<PlacedFinding> out;
  Expand(Found("r", "s", nullptr), {}, &out);
  Expand(Found("r", "s"), {}, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].finding.path, "first-seen");
  EXPECT_FALSE(out[1].finding.commit.has_value());
}

TEST(ProvenanceTest, EachIntroductionBecomesAPlaceWithItsCommit) {
  IntroductionsByBlob intros{{kBlob, {Intro("c1", 10, "a.env"), Intro("c2", 20, "b.env")}}};
  std::vector<PlacedFinding> out;
  Expand(Found("r", "s"), intros, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].finding.commit, "c2");
  EXPECT_EQ(out[1].finding.path, "b.env");
  EXPECT_EQ(out[1].finding.email, "a@example.com");
  EXPECT_EQ(out[1].time, 20);
}

TEST(ProvenanceTest, KeepsTheOldestPlacesPerSecretUpToTheLimit) {
  IntroductionsByBlob intros{
      {kBlob, {Intro("late", 30, "c"), Intro("early", 10, "a"), Intro("mid", 20, "b")}}};
  std::vector<PlacedFinding> all;
  Expand(Found("r", "s"), intros, &all);
  EXPECT_EQ(Places(SelectProvenance(all, 1)), std::vector<std::string>{"early:a"});
  EXPECT_EQ(Places(SelectProvenance(all, 2)), (std::vector<std::string>{"early:a", "mid:b"}));
  EXPECT_EQ(SelectProvenance(all, 0).size(), 3u);
}

TEST(ProvenanceTest, TheLimitCountsPerRuleAndSecretAndEqualTimesGoByGeneration) {
  IntroductionsByBlob intros{{kBlob, {Intro("child", 10, "a", 2), Intro("parent", 10, "a", 1)}}};
  std::vector<PlacedFinding> all;
  Expand(Found("r", "one"), intros, &all);
  Expand(Found("r", "two"), intros, &all);
  const auto kept = SelectProvenance(all, 1);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].commit, "parent");
  EXPECT_EQ(kept[1].commit, "parent");
}

TEST(ProvenanceTest, TheSamePlaceIsReportedOnceAndUnattributedFindingsComeLast) {
  IntroductionsByBlob intros{{kBlob, {Intro("c1", 10, "a")}}};
  std::vector<PlacedFinding> all;
  Expand(Found("r", "s"), intros, &all);
  Expand(Found("r", "s"), intros, &all);  // the same key twice in one file
  Expand(Found("q", "t", nullptr), intros, &all);
  EXPECT_EQ(Places(SelectProvenance(all, 0)), (std::vector<std::string>{"c1:a", "-:first-seen"}));
}

TEST(ProvenanceTest, BlobIdsAreSortedAndUnique) {
  std::vector<Finding> found{Found("r", "s", "b"), Found("r", "t", "a"), Found("r", "u", "b"),
                             Found("r", "v", nullptr)};
  EXPECT_EQ(BlobIds(found), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace ks
