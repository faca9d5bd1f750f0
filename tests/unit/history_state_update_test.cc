// Unit tests for history/state_update: which state a --state run starts from and what it adds.
#include <gtest/gtest.h>

#include "history/state_update.h"
#include "temp_dir.h"
#include "test_doubles.h"

namespace ks {
namespace {

using testing::QuietDiagnostics;
using testing::RecordingDiagnostics;
using testing::RecordingSink;

git::KnownCommit Known(char c, int64_t time) {
  return git::KnownCommit{*git::Oid::FromHex(std::string(40, c)), time};
}

TEST(StateUpdateTest, TheKeyNamesEverySettingThatChangesFindings) {
  EXPECT_EQ(StateKey("abc", true, 1024), "rules=abc examples=true max_file_size=1024");
  EXPECT_NE(StateKey("abc", false, 1024), StateKey("abc", true, 1024));
}

TEST(StateUpdateTest, AMissingFileStartsAnEmptyStateThatMustBeSaved) {
  testing::TempDir dir;
  RecordingDiagnostics diag;
  auto state = StartState((dir.path() / "state").string(), "k1", &diag);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->key, "k1");
  EXPECT_TRUE(state->changed);
  EXPECT_TRUE(state->known_commits.empty());
  EXPECT_TRUE(diag.notices.empty());
}

TEST(StateUpdateTest, AStateMadeUnderAnotherKeyIsDroppedWithANotice) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "state").string();
  HistoryState saved;
  saved.key = "old-rules";
  saved.known_commits = {Known('a', 5)};
  ASSERT_TRUE(SaveHistoryState(path, saved));
  RecordingDiagnostics diag;
  auto same = StartState(path, "old-rules", &diag);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->known_commits.size(), 1u);
  EXPECT_FALSE(same->changed);
  auto other = StartState(path, "new-rules", &diag);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->known_commits.empty());
  EXPECT_TRUE(other->changed);
  ASSERT_EQ(diag.notices.size(), 1u);
  EXPECT_NE(diag.notices[0].find("made with other rules or settings"), std::string::npos);
}

TEST(StateUpdateTest, ADamagedStateIsAnError) {
  testing::TempDir dir;
  dir.Write("state", "not a state file\n");
  RecordingDiagnostics diag;
  EXPECT_FALSE(StartState((dir.path() / "state").string(), "k", &diag).ok());
}

TEST(StateUpdateTest, NewGenerationsStartPastEveryRecordedOne) {
  HistoryState state;
  EXPECT_EQ(NextGeneration(state), 0u);
  CommitInfo c;
  c.generation = 7;
  state.finding_blobs["b"].push_back(Introduction{c, "p"});
  c.generation = 9;
  state.finding_messages.push_back(c);
  EXPECT_EQ(NextGeneration(state), 10u);
}

TEST(StateUpdateTest, KnownCommitsAreMergedSortedAndEachOnce) {
  const auto merged = KnownCommits({Known('c', 3), Known('a', 1)}, {Known('a', 1), Known('b', 2)});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].id, Known('a', 1).id);
  EXPECT_EQ(merged[1].id, Known('b', 2).id);
  EXPECT_EQ(merged[2].id, Known('c', 3).id);
}

}  // namespace
}  // namespace ks
