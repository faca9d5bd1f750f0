// Unit tests for source/history_state: the --state file's round trip and its defences.
#include "history/history_state.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

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

// The id whose 20 bytes spell `n` big-endian at the end: distinct and ordered like `n`.
git::Oid Numbered(uint32_t n) {
  git::Oid id;
  for (int i = 0; i < 4; ++i) id.bytes[19 - i] = static_cast<uint8_t>(n >> (8 * i));
  return id;
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
  ASSERT_EQ(loaded->blob_count(), 2u);  // 'c' was read twice: kept once
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
  EXPECT_EQ(again->blobs(), (std::vector<git::Oid>{Id('0'), Id('a'), Id('b'), Id('c'), Id('f')}));
  EXPECT_EQ(again->blob_runs.size(), 1u);  // too small a state to take an update: rewritten
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
  EXPECT_EQ(v1->blob_count(), 0u);
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
  future.replace(future.find("\"keysweep_state\":3"), 18, "\"keysweep_state\":9");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"no header", "just text"},
      {"bad header", "[1,2]\n"},
      {"truncated", bytes.substr(0, bytes.size() - 1)},
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

// A state big enough (1,000 blobs, 20 kB) that a run reading a few new blobs appends to it.
std::string SavedLargeState(testing::TempDir& dir) {
  const std::string path = (dir.path() / "state").string();
  HistoryState s = Sample();
  s.new_blobs.clear();
  for (uint32_t i = 0; i < 2000; i += 2) s.new_blobs.push_back(Numbered(i));
  EXPECT_TRUE(SaveHistoryState(path, s));
  return path;
}

// Loads `path` and saves it again with `blobs` as this run's reads.
void SaveAgain(const std::string& path, const std::vector<git::Oid>& blobs) {
  auto s = LoadHistoryState(path);
  ASSERT_TRUE(s.ok()) << s.error().message;
  s->new_blobs = blobs;
  ASSERT_TRUE(SaveHistoryState(path, *s));
}

TEST(HistoryStateTest, ARunWithFewNewBlobsIsAppendedInPlaceAndReadBackWhole) {
  testing::TempDir dir;
  const std::string path = SavedLargeState(dir);
  const auto before = std::filesystem::file_size(path);
  struct stat first {};
  ASSERT_EQ(::stat(path.c_str(), &first), 0);

  auto s = LoadHistoryState(path);
  ASSERT_TRUE(s.ok());
  s->new_blobs = {Numbered(7), Numbered(8), Numbered(4001)};  // 8 is known already
  s->known_commits.push_back({Id('9'), 99});
  CommitInfo c{std::string(40, '9'), "B", "b@example.com", "2025-01-02T03:04:05Z", 99, 4};
  s->finding_blobs[std::string(40, 'b')] = {Introduction{c, "later/creds"}};
  ASSERT_TRUE(SaveHistoryState(path, *s));

  struct stat second {};
  ASSERT_EQ(::stat(path.c_str(), &second), 0);
  EXPECT_EQ(second.st_ino, first.st_ino);  // the same file, grown by one update
  EXPECT_GT(std::filesystem::file_size(path), before);
  EXPECT_LT(std::filesystem::file_size(path) - before, before / 4);
  auto again = LoadHistoryState(path);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->tail.updates, 1u);
  EXPECT_FALSE(again->tail.cut_short);
  EXPECT_EQ(again->blob_count(), 1002u);
  EXPECT_TRUE(again->KnowsBlob(Numbered(7)));
  EXPECT_TRUE(again->KnowsBlob(Numbered(4001)));
  EXPECT_TRUE(again->KnowsBlob(Numbered(1998)));
  EXPECT_FALSE(again->KnowsBlob(Numbered(9)));
  EXPECT_EQ(again->known_commits.back().id, Id('9'));  // the update's tables replace the base's
  EXPECT_EQ(again->finding_blobs.size(), 2u);
  EXPECT_EQ(again->finding_blobs.at(std::string(40, 'b')).at(0).path, "later/creds");
}

TEST(HistoryStateTest, UpdatesPastTheBoundAreFoldedIntoOneTable) {
  testing::TempDir dir;
  const std::string path = SavedLargeState(dir);
  for (uint32_t run = 0; run < kMaxStateUpdates; ++run) SaveAgain(path, {Numbered(1 + 2 * run)});
  auto full = LoadHistoryState(path);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->tail.updates, kMaxStateUpdates);
  EXPECT_EQ(full->blob_runs.size(), kMaxStateUpdates + 1);

  SaveAgain(path, {Numbered(5001)});
  auto folded = LoadHistoryState(path);
  ASSERT_TRUE(folded.ok());
  EXPECT_EQ(folded->tail.updates, 0u);
  ASSERT_EQ(folded->blob_runs.size(), 1u);
  std::vector<git::Oid> expected;
  for (uint32_t i = 0; i < 2000; i += 2) expected.push_back(Numbered(i));
  for (uint32_t run = 0; run < kMaxStateUpdates; ++run) expected.push_back(Numbered(1 + 2 * run));
  expected.push_back(Numbered(5001));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(folded->blobs(), expected);
  EXPECT_EQ(folded->blob_runs[0].size(), expected.size());  // one sorted table
}

// A crash while appending leaves part of an update: it is left out, said, and overwritten by
// the next save; the blobs it held are simply not known (so they are scanned again).
TEST(HistoryStateTest, AnUpdateCutShortIsLeftOutAndTheNextSaveReplacesIt) {
  testing::TempDir dir;
  const std::string path = SavedLargeState(dir);
  const auto base = std::filesystem::file_size(path);
  SaveAgain(path, {Numbered(3)});
  const auto whole = std::filesystem::file_size(path);
  for (const auto cut : {whole - 1, base + 5, whole - 20}) {
    std::filesystem::resize_file(path, cut);
    auto s = LoadHistoryState(path);
    ASSERT_TRUE(s.ok()) << cut << ": " << s.error().message;
    EXPECT_TRUE(s->tail.cut_short) << cut;
    EXPECT_EQ(s->tail.updates, 0u);
    EXPECT_FALSE(s->KnowsBlob(Numbered(3)));
    EXPECT_TRUE(s->KnowsBlob(Numbered(2)));
    SaveAgain(path, {Numbered(3)});
    EXPECT_EQ(std::filesystem::file_size(path), whole);
    auto mended = LoadHistoryState(path);
    ASSERT_TRUE(mended.ok());
    EXPECT_FALSE(mended->tail.cut_short);
    EXPECT_TRUE(mended->KnowsBlob(Numbered(3)));
  }
  std::ofstream(path, std::ios::app | std::ios::binary) << "x";  // any stray tail, the same
  auto stray = LoadHistoryState(path);
  ASSERT_TRUE(stray.ok());
  EXPECT_TRUE(stray->tail.cut_short);
  EXPECT_TRUE(stray->KnowsBlob(Numbered(3)));
}

// A whole update (its digest holds) that says other rules made it is damage, not a cut.
TEST(HistoryStateTest, AWholeUpdateWithAnotherKeyIsAnError) {
  testing::TempDir dir;
  const std::string path = SavedLargeState(dir);
  SaveAgain(path, {Numbered(3)});
  std::string bytes = Slurp(path);
  const size_t at = bytes.rfind(Sample().key);
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'R';
  dir.Write("state", bytes);
  auto loaded = LoadHistoryState(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("other rules"), std::string::npos);
}

// The file is appended to only if it is still the one loaded, at the length it was loaded at,
// reached by one name: else another run replaced it, or a link would carry the write elsewhere,
// and the state is rewritten under its own name instead.
TEST(HistoryStateTest, AFileReplacedOrLinkedMeanwhileIsRewrittenNotAppendedTo) {
  testing::TempDir dir;
  const std::string path = SavedLargeState(dir);
  const std::string copy = (dir.path() / "copy").string();
  std::filesystem::copy_file(path, copy);

  auto loaded = LoadHistoryState(path);
  ASSERT_TRUE(loaded.ok());
  std::filesystem::rename(copy, path);  // another run's rename, after this one loaded
  loaded->new_blobs = {Numbered(3)};
  ASSERT_TRUE(SaveHistoryState(path, *loaded));
  auto after = LoadHistoryState(path);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->tail.updates, 0u);
  EXPECT_TRUE(after->KnowsBlob(Numbered(3)));

  const std::string other = (dir.path() / "other-name").string();
  std::filesystem::create_hard_link(path, other);
  const std::string kept = Slurp(other);
  SaveAgain(path, {Numbered(5)});
  EXPECT_EQ(Slurp(other), kept);
  EXPECT_EQ(std::filesystem::hard_link_count(path), 1u);

  const std::string target = (dir.path() / "target").string();
  std::filesystem::rename(path, target);
  std::filesystem::create_symlink(target, path);
  const std::string target_bytes = Slurp(target);
  SaveAgain(path, {Numbered(7)});
  EXPECT_EQ(Slurp(target), target_bytes);
  EXPECT_FALSE(std::filesystem::is_symlink(path));
  auto last = LoadHistoryState(path);
  ASSERT_TRUE(last.ok());
  EXPECT_TRUE(last->KnowsBlob(Numbered(7)));
  EXPECT_TRUE(last->KnowsBlob(Numbered(5)));
}

// Version 2 had no updates: its file is read as a base, and the next save rewrites it whole as
// version 3, so that an older keysweep never meets an update after a header it knows.
TEST(HistoryStateTest, AVersion2FileIsReadAsABaseAndRewrittenAsVersion3) {
  testing::TempDir dir;
  const std::string path = SavedLargeState(dir);
  std::string bytes = Slurp(path);
  bytes.replace(bytes.find("\"keysweep_state\":3"), 18, "\"keysweep_state\":2");
  dir.Write("state", bytes);
  auto v2 = LoadHistoryState(path);
  ASSERT_TRUE(v2.ok()) << v2.error().message;
  EXPECT_TRUE(v2->KnowsBlob(Numbered(1998)));
  SaveAgain(path, {Numbered(3)});
  const std::string after = Slurp(path);
  EXPECT_NE(after.find("\"keysweep_state\":3"), std::string::npos);
  EXPECT_EQ(after.find("keysweep_state_update"), std::string::npos);
  auto v3 = LoadHistoryState(path);
  ASSERT_TRUE(v3.ok());
  EXPECT_TRUE(v3->KnowsBlob(Numbered(3)));
  EXPECT_TRUE(v3->KnowsBlob(Numbered(1998)));
}

}  // namespace
}  // namespace ks
