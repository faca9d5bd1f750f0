// Unit tests for source/history_state: the --state file's round trip and its defences.
#include "source/history_state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace ks {
namespace {

git::Oid Id(char digit) { return *git::Oid::FromHex(std::string(40, digit)); }

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

HistoryState Sample() {
  HistoryState s;
  s.key = "rules=abc examples=0 max_file_size=1";
  s.known_commits = {{Id('1'), -5}, {Id('2'), int64_t{1} << 40}};
  s.peeled_refs = {git::Tip{Id('3'), git::ObjectType::kCommit, Id('4')},
                   git::Tip{Id('5'), git::ObjectType::kBlob, Id('6')}};
  s.new_blobs = {Id('c'), Id('a'), Id('c')};
  CommitInfo c{std::string(40, '1'), "A", "a@example.com", "2024-01-02T03:04:05Z", 1704164645, 3};
  s.finding_blobs[std::string(40, 'a')] = {Introduction{c, "config/creds"}};
  s.finding_messages = {c};
  return s;
}

TEST(HistoryStateTest, RoundTripsAndMergesNewBlobsIntoTheSortedTable) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "state").string();
  ASSERT_TRUE(SaveHistoryState(path, Sample()));
  auto loaded = LoadHistoryState(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->key, Sample().key);
  EXPECT_EQ(loaded->known_commits, Sample().known_commits);
  EXPECT_EQ(loaded->peeled_refs, Sample().peeled_refs);
  ASSERT_EQ(loaded->scanned_blobs.size(), 2u);  // 'c' was read twice: kept once
  EXPECT_TRUE(loaded->KnowsBlob(Id('a')));
  EXPECT_TRUE(loaded->KnowsBlob(Id('c')));
  EXPECT_FALSE(loaded->KnowsBlob(Id('b')));
  ASSERT_EQ(loaded->finding_blobs.size(), 1u);
  EXPECT_EQ(loaded->finding_blobs.begin()->second.at(0).path, "config/creds");
  EXPECT_EQ(loaded->finding_messages.at(0).generation, 3u);

  // A second save, over the file it was loaded from, adds blobs between and around the old ones.
  loaded->new_blobs = {Id('f'), Id('b'), Id('0'), Id('a')};
  ASSERT_TRUE(SaveHistoryState(path, *loaded));
  auto again = LoadHistoryState(path);
  ASSERT_TRUE(again.ok()) << again.error().message;
  std::vector<git::Oid> blobs;
  for (size_t i = 0; i < again->scanned_blobs.size(); ++i)
    blobs.push_back(again->scanned_blobs.at(i));
  EXPECT_EQ(blobs, (std::vector<git::Oid>{Id('0'), Id('a'), Id('b'), Id('c'), Id('f')}));
}

TEST(HistoryStateTest, AMissingFileIsAnEmptyStateAndAnOlderVersionIsToo) {
  testing::TempDir dir;
  bool older = false;
  auto none = LoadHistoryState((dir.path() / "none").string(), &older);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->key.empty());
  EXPECT_FALSE(older);
  dir.Write("v1",
            "{\"keysweep_state\":1,\"key\":\"k\",\"commits\":[],\"finding_blobs\":{},"
            "\"finding_messages\":[]}\n0123");
  auto v1 = LoadHistoryState((dir.path() / "v1").string(), &older);
  ASSERT_TRUE(v1.ok());
  EXPECT_TRUE(older);
  EXPECT_TRUE(v1->key.empty());
  EXPECT_EQ(v1->scanned_blobs.size(), 0u);
}

// Every way the file can be damaged is an error that names it, never a state that would skip
// blobs it does not know or re-read everything silently.
TEST(HistoryStateTest, DamagedFilesAreErrors) {
  testing::TempDir dir;
  const std::string good = (dir.path() / "good").string();
  ASSERT_TRUE(SaveHistoryState(good, Sample()));
  const std::string bytes = Slurp(good);
  const size_t body = bytes.find('\n') + 1;
  const size_t commits = 2 * 28, peeled = 2 * 41;
  std::string unsorted_blobs = bytes;
  std::swap_ranges(unsorted_blobs.begin() + body + commits + peeled,
                   unsorted_blobs.begin() + body + commits + peeled + 20,
                   unsorted_blobs.begin() + body + commits + peeled + 20);
  std::string unsorted_commits = bytes;
  std::swap_ranges(unsorted_commits.begin() + body, unsorted_commits.begin() + body + 28,
                   unsorted_commits.begin() + body + 28);
  std::string bad_type = bytes;
  bad_type[body + commits + 40] = 9;
  std::string future = bytes;
  future.replace(future.find("\"keysweep_state\":2"), 18, "\"keysweep_state\":9");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"no header", "just text"},
      {"bad header", "[1,2]\n"},
      {"truncated", bytes.substr(0, bytes.size() - 1)},
      {"extra byte", bytes + "x"},
      {"unsorted blobs", unsorted_blobs},
      {"unsorted commits", unsorted_commits},
      {"bad object type", bad_type},
      {"newer version", future},
  };
  for (const auto& [name, text] : cases) {
    dir.Write("bad", text);
    auto loaded = LoadHistoryState((dir.path() / "bad").string());
    ASSERT_FALSE(loaded.ok()) << name;
    EXPECT_EQ(loaded.error().kind, ErrorKind::kInput) << name;
    EXPECT_NE(loaded.error().message.find("not a keysweep state file"), std::string::npos)
        << name << ": " << loaded.error().message;
  }
}

TEST(HistoryStateTest, SavingIsPrivateAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "state").string();
  ASSERT_TRUE(SaveHistoryState(path, Sample()));
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "state");
  }
  EXPECT_EQ(files, 1u);
  const Status failed = SaveHistoryState((dir.path() / "missing-dir" / "state").string(), Sample());
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("missing-dir"), std::string::npos);
}

// A temporary at a name known in advance could be a symbolic link planted by another user of a
// shared directory, and opening it with O_TRUNC would then empty whatever it points at.
TEST(HistoryStateTest, SavingNeverWritesThroughALinkPlantedBesideTheState) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "state").string();
  dir.Write("victim", "keep me");
  for (const char* name : {"state.tmp", ".state.tmp", ".state.keysweep-tmp"}) {
    std::filesystem::create_symlink(dir.path() / "victim", dir.path() / name);
  }
  ASSERT_TRUE(SaveHistoryState(path, Sample()));
  EXPECT_EQ(Slurp(dir.path() / "victim"), "keep me");
  bool older = false;
  auto loaded = LoadHistoryState(path, &older);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->key, Sample().key);
}

}  // namespace
}  // namespace ks
