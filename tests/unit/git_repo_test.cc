// Unit tests for src/git against real repositories, built in temporary directories with the
// git CLI (the tests use git to make fixtures; keysweep itself never runs it).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "git/commit.h"
#include "git/commit_walk.h"
#include "git/oid.h"
#include "git/pack_order.h"
#include "git/raw_tree.h"
#include "git/refs.h"
#include "git/repository.h"
#include "git/repository_files.h"
#include "git/staged.h"
#include "git/tree_walk.h"
#include "temp_dir.h"
#include "temp_repo.h"
#include "util/diagnostics.h"

namespace ks::git {
namespace {

namespace fs = std::filesystem;

class CountingDiagnostics : public Diagnostics {
 public:
  std::vector<std::string> messages;

 protected:
  void OnNotice(const std::string& m) override { messages.push_back(m); }
  void OnError(const std::string& m) override { messages.push_back(m); }
};

using ::ks::testing::Slurp;
using ::ks::testing::TempRepo;

Repository Open(const std::string& dir) {
  auto repo = Repository::Discover(dir);
  EXPECT_TRUE(repo.ok()) << (repo.ok() ? "" : repo.error().message);
  return std::move(repo).value();
}

TEST(GitRepositoryTest, DiscoversFromASubdirectory) {
  TempRepo t;
  t.Write("a/b/file", "x\n");
  t.Commit("one");
  auto repo = Repository::Discover(t.dir() + "/a/b");
  ASSERT_TRUE(repo.ok());
  EXPECT_FALSE(repo->bare());
  EXPECT_FALSE(repo->shallow());
  EXPECT_TRUE(repo->git_dir().ends_with(".git/"));
}

TEST(GitRepositoryFilesTest, AFifoAnywhereLibgit2ReadsRefusesTheRepository) {
  TempRepo t;
  t.Write("file", "x\n");
  t.Commit("one");
  const std::filesystem::path git = std::filesystem::path(t.dir()) / ".git";
  EXPECT_TRUE(CheckRepositoryFiles(git.string()).ok());
  EXPECT_TRUE(Repository::Discover(t.dir()).ok());
  // Nobody writes to these FIFOs: a blocking open would hang the test.
  ASSERT_EQ(::mkfifo((git / "included").c_str(), 0600), 0);
  // Written by hand: git itself would block on the FIFO when it next reads its configuration.
  const std::string config = Slurp(git / "config");
  std::ofstream(git / "config", std::ios::app) << "[include]\n\tpath = included\n";
  auto refused = Repository::Discover(t.dir());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("included: not a regular file (a FIFO)"),
            std::string::npos)
      << refused.error().message;
  std::ofstream(git / "config", std::ios::trunc) << config;
  EXPECT_TRUE(CheckRepositoryFiles(git.string()).ok());
  ASSERT_EQ(::mkfifo((git / "refs" / "heads" / "fifo").c_str(), 0600), 0);
  EXPECT_FALSE(CheckRepositoryFiles(git.string()).ok());
}

TEST(GitRepositoryTest, NotARepositoryIsARepositoryError) {
  const fs::path dir = fs::temp_directory_path() / "ks-git-unit-not-a-repo";
  fs::create_directories(dir);
  auto repo = Repository::Discover(dir.string() + "/nowhere");
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ(repo.error().kind, ErrorKind::kRepository);
  EXPECT_NE(repo.error().message.find("nowhere"), std::string::npos);
  fs::remove_all(dir);
}

TEST(GitRepositoryTest, ReadsRawBlobsAndHeaders) {
  TempRepo t;
  t.Write("file", "hello\n");
  t.Commit("one");
  Repository repo = Open(t.dir());
  const Oid blob = t.Id("HEAD:file");
  auto header = repo.ReadHeader(blob);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->type, ObjectType::kBlob);
  EXPECT_EQ(header->size, 6u);
  auto obj = repo.Read(blob);
  ASSERT_TRUE(obj.ok());
  EXPECT_EQ(obj->data(), "hello\n");
  auto missing = repo.Read(*Oid::FromHex("0123456789abcdef0123456789abcdef01234567"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("0123456789abcdef"), std::string::npos);
}

TEST(GitRepositoryTest, FindCommitOnlyForCommitsPresent) {
  TempRepo t;
  t.Write("file", "hello\n");
  const Oid commit = t.Commit("one");
  Repository repo = Open(t.dir());
  EXPECT_EQ(repo.FindCommit(commit.Hex()), commit);
  EXPECT_FALSE(repo.FindCommit(t.Id("HEAD:file").Hex()));  // a blob
  EXPECT_FALSE(repo.FindCommit("0123456789abcdef0123456789abcdef01234567"));
  EXPECT_FALSE(repo.FindCommit("not hex"));
}

TEST(GitRepositoryTest, ListsEveryObject) {
  TempRepo t;
  t.Write("file", "hello\n");
  const Oid commit = t.Commit("one");
  Repository repo = Open(t.dir());
  std::set<std::string> ids;
  ASSERT_TRUE(repo.ForEachObjectId([&](const Oid& id) { return ids.insert(id.Hex()), true; }));
  EXPECT_EQ(ids.size(), 3u);  // commit, tree, blob
  EXPECT_TRUE(ids.contains(commit.Hex()));
}

TEST(GitCommitTest, ExposesMetadata) {
  TempRepo t;
  t.Write("file", "x\n");
  const Oid first = t.Commit("first");
  const Oid second = t.Commit("second line");
  Repository repo = Open(t.dir());
  auto c = Commit::Lookup(repo, second);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->id(), second);
  ASSERT_EQ(c->parent_count(), 1u);
  EXPECT_EQ(c->parent_id(0), first);
  EXPECT_EQ(c->author().name, "Author");
  EXPECT_EQ(c->author().email, "a@example.com");
  EXPECT_EQ(IsoUtc(c->author().time), "2024-01-02T03:04:05Z");
  EXPECT_EQ(c->message(), "second line\n");
  EXPECT_EQ(c->tree_id(), t.Id("HEAD^{tree}"));
}

// a - b - d on main, and c on a side branch from b.
struct ForkedHistory {
  TempRepo t;
  Oid a = t.Commit("a");
  Oid b = t.Commit("b");
  Oid c = (t.Git("checkout -q -b side"), t.Commit("c"));
  Oid d = (t.Git("checkout -q main"), t.Commit("d"));
};

std::set<Oid> Walked(CommitWalk& walk) {
  std::set<Oid> ids;
  walk.Run([&](const Commit& commit) { ids.insert(commit.id()); });
  return ids;
}

TEST(GitCommitWalkTest, VisitsEachCommitOnceAndHonoursHide) {
  const ForkedHistory h;
  const auto& [t, a, b, c, d] = h;
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  CommitWalk all(repo, &diag);
  all.Push(d);
  all.Push(c);
  all.Push(d);
  std::multiset<Oid> seen;
  all.Run([&](const Commit& commit) { seen.insert(commit.id()); });
  EXPECT_EQ(seen, (std::multiset<Oid>{a, b, c, d}));
  CommitWalk range(repo, &diag);
  range.Hide(b);
  range.Push(c);
  range.Push(d);
  EXPECT_EQ(Walked(range), (std::set<Oid>{c, d}));
  EXPECT_TRUE(diag.messages.empty());
}

TEST(GitCommitWalkTest, HideKnownHidesLikeHideWithoutNeedingTheCommitFirst) {
  const ForkedHistory h;
  Repository repo = Open(h.t.dir());
  CountingDiagnostics diag;
  auto b_commit = Commit::Lookup(repo, h.b);
  ASSERT_TRUE(b_commit.ok());
  CommitWalk range(repo, &diag);
  range.HideKnown(KnownCommit{h.b, b_commit->commit_time()});
  range.Push(h.c);
  range.Push(h.d);
  range.Push(h.b);  // hidden: ignored
  EXPECT_EQ(Walked(range), (std::set<Oid>{h.c, h.d}));
  EXPECT_TRUE(diag.messages.empty());
}

TEST(GitCommitWalkTest, AKnownCommitThatIsGoneHidesNothingAndIsNoError) {
  TempRepo t;
  const Oid a = t.Commit("a");
  const Oid b = t.Commit("b");
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  CommitWalk walk(repo, &diag);
  // Newer than every commit, so the walk pops it (and tries to read it) before any of them.
  walk.HideKnown(KnownCommit{*Oid::FromHex(std::string(40, 'e')), int64_t{4} << 32});
  walk.Push(b);
  EXPECT_EQ(Walked(walk), (std::set<Oid>{a, b}));
  EXPECT_TRUE(diag.messages.empty());
}

TEST(GitCommitWalkTest, MissingParentIsReportedAndTheWalkGoesOn) {
  TempRepo t;
  t.Commit("a");
  const Oid b = t.Commit("b");
  const std::string parent = t.Git("rev-parse HEAD~1");
  fs::remove(fs::path(t.dir()) / ".git/objects" / parent.substr(0, 2) / parent.substr(2));
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  CommitWalk walk(repo, &diag);
  walk.Push(b);
  size_t visited = 0;
  walk.Run([&](const Commit&) { ++visited; });
  EXPECT_EQ(visited, 1u);
  ASSERT_EQ(diag.messages.size(), 1u);
  EXPECT_NE(diag.messages[0].find(parent), std::string::npos);
  EXPECT_EQ(diag.errors(), 1u);
}

TEST(GitTreeWalkerTest, VisitsEachBlobOnceWithAPathAndSkipsGitlinks) {
  TempRepo t;
  t.Write("a/same", "same\n");
  t.Write("b/same", "same\n");
  t.Write("a/deep/file", "deep\n");
  t.Git("add -A");
  t.Git("update-index --add --cacheinfo 160000,0123456789abcdef0123456789abcdef01234567,sub");
  t.Git("commit -q -m one");
  t.Write("c/new", "new\n");
  t.Commit("two");
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  TreeWalker walker(repo, &diag);
  std::map<std::string, std::string> paths;  // blob -> path
  auto visit = [&](std::string_view path, const Oid& id) {
    EXPECT_TRUE(paths.emplace(id.Hex(), path).second) << path;
  };
  walker.Walk(t.Id("HEAD~1^{tree}"), "", visit);
  EXPECT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[t.Id("HEAD:a/same").Hex()], "a/same");
  EXPECT_EQ(paths[t.Id("HEAD:a/deep/file").Hex()], "a/deep/file");
  walker.Walk(t.Id("HEAD^{tree}"), "", visit);  // only c/new is new
  EXPECT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[t.Id("HEAD:c/new").Hex()], "c/new");
  EXPECT_TRUE(diag.messages.empty());
}

TEST(GitIntroducedBlobTest, ReportsOnlyWhatNoParentHasAtThePath) {
  TempRepo t;
  t.Write("keep/file", "keep\n");
  t.Write("edit", "v1\n");
  t.Commit("one");
  t.Write("edit", "v2\n");
  t.Write("keep/copy", "keep\n");  // an old blob at a new path is an introduction
  t.Write("new/dir/file", "fresh\n");
  t.Commit("two");
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  std::set<std::string> got;
  ForEachIntroducedBlob(repo, t.Id("HEAD^{tree}"), {t.Id("HEAD~1^{tree}")}, &diag,
                        [&](std::string_view path, const Oid&) { got.emplace(path); });
  EXPECT_EQ(got, (std::set<std::string>{"edit", "keep/copy", "new/dir/file"}));
  got.clear();
  ForEachIntroducedBlob(repo, t.Id("HEAD~1^{tree}"), {}, &diag,
                        [&](std::string_view path, const Oid&) { got.emplace(path); });
  EXPECT_EQ(got, (std::set<std::string>{"edit", "keep/file"}));
}

// A tree entry as git writes it: "<octal mode> <name>\0<20-byte id>".
std::string TreeEntryBytes(const std::string& mode, const std::string& name, uint8_t id_byte) {
  return mode + " " + name + std::string(1, '\0') + std::string(Oid::kSize, char(id_byte));
}

TEST(GitRawTreeTest, ParsesEveryKindOfEntryByItsTypeBits) {
  const std::string bytes = TreeEntryBytes("100644", "file", 1) +
                            TreeEntryBytes("40000", "dir", 2) + TreeEntryBytes("160000", "sub", 3) +
                            TreeEntryBytes("120000", "link", 4) +
                            TreeEntryBytes("40755", "odd", 5) + TreeEntryBytes("100755", "x", 6);
  auto entries = RawTree::Parse(bytes);
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 6u);
  const std::vector<std::pair<std::string_view, EntryKind>> want = {
      {"file", EntryKind::kBlob}, {"dir", EntryKind::kTree}, {"sub", EntryKind::kGitlink},
      {"link", EntryKind::kBlob}, {"odd", EntryKind::kTree}, {"x", EntryKind::kBlob}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*entries)[i].name, want[i].first);
    EXPECT_EQ((*entries)[i].kind, want[i].second) << i;
    Oid id;
    id.bytes.fill(static_cast<uint8_t>(i + 1));
    EXPECT_EQ((*entries)[i].oid(), id);
  }
  EXPECT_EQ((*entries)[0].mode, 0100644u);
  EXPECT_EQ((*entries)[4].mode, 040755u);
}

TEST(GitRawTreeTest, MalformedEntriesAreErrorsWithTheirOffset) {
  const std::string good = TreeEntryBytes("100644", "ok", 1);
  const std::vector<std::string> bad = {
      "100644file" + std::string(1, '\0') + std::string(20, 'x'),     // no space after the mode
      " file" + std::string(1, '\0') + std::string(20, 'x'),          // no mode
      "100844 file" + std::string(1, '\0') + std::string(20, 'x'),    // not octal
      "10064400 file" + std::string(1, '\0') + std::string(20, 'x'),  // too many digits
      "100644 " + std::string(1, '\0') + std::string(20, 'x'),        // empty name
      "100644 file",                                                  // no NUL, no id
      "100644 file" + std::string(1, '\0') + std::string(19, 'x'),    // id cut short
  };
  for (const std::string& b : bad) {
    auto parsed = RawTree::Parse(good + b);
    ASSERT_FALSE(parsed.ok()) << b;
    EXPECT_NE(parsed.error().message.find("at byte " + std::to_string(good.size())),
              std::string::npos)
        << parsed.error().message;
  }
  EXPECT_TRUE(RawTree::Parse("").ok());
}

TEST(GitRawTreeTest, OrderAndMatchingAgreeWithGit) {
  TempRepo t;
  // Names around the '/' that git appends to directory names when it sorts them.
  for (const char* f : {"a-b", "a.c", "a/x", "a0", "ab", "b", "b/", "c"}) {
    if (std::string_view(f) != "b/") t.Write(f, std::string(f) + "\n");
  }
  t.Write("b.d/x", "x\n");
  t.Commit("one");
  fs::remove_all(fs::path(t.dir()) / "a");
  t.Write("a", "now a file\n");  // the directory becomes a file of the same name
  t.Write("ab", "changed\n");
  t.Commit("two");
  Repository repo = Open(t.dir());
  auto one = RawTree::Read(repo, t.Id("HEAD~1^{tree}"));
  auto two = RawTree::Read(repo, t.Id("HEAD^{tree}"));
  ASSERT_TRUE(one.ok() && two.ok());
  // git wrote the trees in its order; CompareEntries must see the same order.
  for (const auto* tree : {&*one, &*two}) {
    for (size_t i = 0; i + 1 < tree->size(); ++i) {
      EXPECT_LT(CompareEntries((*tree)[i], (*tree)[i + 1]), 0) << (*tree)[i].name;
      EXPECT_GT(CompareEntries((*tree)[i + 1], (*tree)[i]), 0) << (*tree)[i].name;
      EXPECT_EQ(CompareEntries((*tree)[i], (*tree)[i]), 0);
    }
  }
  const std::vector<size_t> match = two->MatchIn(*one);
  for (size_t i = 0; i < two->size(); ++i) {
    const std::string_view name = (*two)[i].name;
    if (name == "a") {
      EXPECT_EQ(match[i], RawTree::kNoMatch);  // a file now, a directory before
    } else {
      ASSERT_NE(match[i], RawTree::kNoMatch) << name;
      EXPECT_EQ((*one)[match[i]].name, name);
      EXPECT_EQ((*one)[match[i]].SameId((*two)[i]), name != "ab") << name;
    }
  }
  auto not_tree = RawTree::Read(repo, t.Id("HEAD:ab"));
  ASSERT_FALSE(not_tree.ok());
  EXPECT_NE(not_tree.error().message.find("not a tree"), std::string::npos);
}

TEST(GitIntroducedBlobTest, OneFinderAcrossCommitsMatchesFreshOnes) {
  TempRepo t;
  std::vector<Oid> commits;
  for (int i = 0; i < 6; ++i) {
    t.Write("dir/f" + std::to_string(i % 3), "v" + std::to_string(i) + "\n");
    t.Write("top" + std::to_string(i % 2), "t" + std::to_string(i) + "\n");
    commits.push_back(t.Commit("c" + std::to_string(i)));
  }
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  IntroducedBlobs shared(repo, &diag);  // its cache carries trees from one commit to the next
  for (size_t i = commits.size(); i-- > 1;) {
    const Oid tree = t.Id(commits[i].Hex() + "^{tree}");
    const std::vector<Oid> parent = {t.Id(commits[i - 1].Hex() + "^{tree}")};
    std::set<std::pair<std::string, std::string>> fresh, reused;
    ForEachIntroducedBlob(repo, tree, parent, &diag,
                          [&](std::string_view p, const Oid& id) { fresh.emplace(p, id.Hex()); });
    shared.Find(tree, parent,
                [&](std::string_view p, const Oid& id) { reused.emplace(p, id.Hex()); });
    EXPECT_EQ(fresh, reused) << i;
    EXPECT_EQ(fresh.size(), 2u) << i;  // one file in dir/, one at the top
  }
  EXPECT_TRUE(diag.messages.empty());
}

TEST(GitRefsTest, AllTipsPeelsTagsAndIncludesDetachedHead) {
  TempRepo t;
  t.Write("file", "x\n");
  const Oid first = t.Commit("one");
  const Oid second = t.Commit("two");
  t.Git("tag -a -m annotated v1 HEAD~1");
  t.Git("tag blobtag HEAD:file");
  t.Git("checkout -q --detach HEAD~1");
  t.Git("branch -f main HEAD");  // main moves back; `second` stays reachable only via HEAD
  t.Git("checkout -q --detach " + second.Hex());
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  std::set<std::pair<std::string, ObjectType>> tips;
  for (const Tip& tip : AllTips(repo, &diag)) tips.emplace(tip.id.Hex(), tip.type);
  EXPECT_TRUE(tips.contains({first.Hex(), ObjectType::kCommit}));
  EXPECT_TRUE(tips.contains({second.Hex(), ObjectType::kCommit}));
  EXPECT_TRUE(tips.contains({t.Id("HEAD:file").Hex(), ObjectType::kBlob}));
  EXPECT_TRUE(diag.messages.empty());
}

TEST(GitRefsTest, AllTipsRecordsEachTargetAndTrustsAnEarlierPeeling) {
  TempRepo t;
  const Oid first = t.Commit("one");
  t.Git("tag -a -m annotated v1 HEAD");
  const Oid tag = t.Id("refs/tags/v1");
  Repository repo = Open(t.dir());
  CountingDiagnostics diag;
  std::map<Oid, Tip> by_target;
  for (const Tip& tip : AllTips(repo, &diag)) by_target[tip.ref_target] = tip;
  ASSERT_EQ(by_target.size(), 2u);  // main and v1 (HEAD is main)
  EXPECT_EQ(by_target[first].id, first);
  EXPECT_EQ(by_target[tag].id, first);  // peeled through the tag object
  EXPECT_EQ(by_target[tag].type, ObjectType::kCommit);
  // An earlier peeling of the tag object is used as it is, without reading the tag again: here
  // one that names another object, which only the remembered entry can produce.
  const Tip remembered{*Oid::FromHex(std::string(40, 'a')), ObjectType::kTree, tag};
  std::set<std::pair<Oid, ObjectType>> tips;
  for (const Tip& tip : AllTips(repo, &diag, std::span(&remembered, 1))) {
    tips.emplace(tip.id, tip.type);
  }
  EXPECT_EQ(tips, (std::set<std::pair<Oid, ObjectType>>{{first, ObjectType::kCommit},
                                                        {remembered.id, ObjectType::kTree}}));
  EXPECT_TRUE(diag.messages.empty());
}

TEST(GitRefsTest, ResolveCommitPeelsAndRejects) {
  TempRepo t;
  const Oid first = t.Commit("one");
  t.Commit("two");
  t.Git("tag -a -m annotated v1 HEAD~1");
  Repository repo = Open(t.dir());
  auto v1 = ResolveCommit(repo, "v1");
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(*v1, first);
  EXPECT_EQ(*ResolveCommit(repo, "HEAD~1"), first);
  auto bad = ResolveCommit(repo, "no-such-thing");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("no-such-thing"), std::string::npos);
}

TEST(GitStagedTest, FirstCommitStagesWholeFiles) {
  TempRepo t;
  t.Write("a.txt", "one\ntwo\nthree\n");
  t.Git("add a.txt");
  Repository repo = Open(t.dir());
  auto files = StagedChanges(repo);
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->size(), 1u);
  const StagedFile& f = (*files)[0];
  EXPECT_EQ(f.path, "a.txt");
  EXPECT_EQ(f.blob, t.Id(":a.txt"));
  EXPECT_FALSE(f.binary);
  ASSERT_EQ(f.added.size(), 1u);
  EXPECT_EQ(f.added[0].first, 1u);
  EXPECT_EQ(f.added[0].count, 3u);
}

TEST(GitStagedTest, ModifiedFileHasOnlyItsAddedLines) {
  TempRepo t;
  t.Write("a.txt", "1\n2\n3\n4\n5\n6\n");
  t.Commit("one");
  t.Write("a.txt", "1\nnew\n3\n4\n6\nend\n");  // 2 replaced, 5 removed, end appended
  t.Git("add a.txt");
  t.Write("a.txt", "unstaged edit\n");
  t.Write("untracked", "x\n");
  Repository repo = Open(t.dir());
  auto files = StagedChanges(repo);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const LineRange& r : (*files)[0].added) ranges.emplace_back(r.first, r.count);
  EXPECT_EQ(ranges, (std::vector<std::pair<uint64_t, uint64_t>>{{2, 1}, {6, 1}}));
}

TEST(GitStagedTest, DeletionsAndPureRenamesAddNothing) {
  TempRepo t;
  t.Write("gone", "bye\n");
  t.Write("old-name", "content that stays the same\nand more of it\n");
  t.Commit("one");
  t.Git("rm -q gone");
  t.Git("mv old-name new-name");
  Repository repo = Open(t.dir());
  auto files = StagedChanges(repo);
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

TEST(GitStagedTest, BinaryFilesAreWhole) {
  TempRepo t;
  t.Write("bin", std::string("\0\1\2binary\0", 10));
  t.Git("add bin");
  Repository repo = Open(t.dir());
  auto files = StagedChanges(repo);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_TRUE((*files)[0].binary);
}

// Positions of `ids`, which PackOrder wants sorted.
std::vector<uint64_t> PositionsOf(const PackOrder& order, std::vector<Oid> ids) {
  std::sort(ids.begin(), ids.end());
  std::vector<const Oid*> sorted;
  for (const Oid& id : ids) sorted.push_back(&id);
  std::vector<uint64_t> positions(ids.size());
  order.Positions(sorted, positions);
  return positions;
}

uint64_t PositionOf(const PackOrder& order, const Oid& id) { return PositionsOf(order, {id})[0]; }

// (id, offset) of every object in the repository's one pack, as `git show-index` lists them:
// "<offset> <id> (<crc>)" a line.
std::vector<std::pair<Oid, uint64_t>> ShowIndex(const TempRepo& t) {
  const std::string listing = t.Git("show-index < $(ls .git/objects/pack/*.idx)");
  std::vector<std::pair<Oid, uint64_t>> objects;
  for (size_t pos = 0; pos < listing.size();) {
    size_t eol = listing.find('\n', pos);
    if (eol == std::string::npos) eol = listing.size();
    const std::string line = listing.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t space = line.find(' ');
    objects.emplace_back(*Oid::FromHex(line.substr(space + 1, 40)),
                         std::stoull(line.substr(0, space)));
  }
  return objects;
}

TEST(GitPackOrderTest, PackedObjectsSortByOffsetAndLooseOnesLast) {
  TempRepo t;
  t.Write("a", "first\n");
  t.Write("b", "second\n");
  t.Commit("one");
  t.Git("repack -q -a -d");
  t.Write("c", "loose\n");
  t.Commit("two");
  Repository repo = Open(t.dir());
  const PackOrder order = PackOrder::Open(repo);
  EXPECT_EQ(order.pack_count(), 1u);
  std::map<Oid, uint64_t> expected;
  for (const auto& [id, offset] : ShowIndex(t)) expected[id] = offset;
  ASSERT_EQ(expected.size(), 4u);  // the first commit, its tree and two blobs
  // Looked up together with two objects that are not packed, so that the merge must step past
  // ids the index does not list.
  std::vector<Oid> ids{t.Id("HEAD:c"), t.Id("HEAD")};
  for (const auto& [id, offset] : expected) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  const std::vector<uint64_t> positions = PositionsOf(order, ids);
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = expected.find(ids[i]);
    EXPECT_EQ(positions[i], it == expected.end() ? PackOrder::kUnknown : it->second)
        << ids[i].Hex();
  }
}

TEST(GitPackOrderTest, IndexesLongerThanOneChunkAndRepeatedIds) {
  TempRepo t;
  for (int i = 0; i < 5000; ++i) {
    std::string text = std::to_string(i);  // not "f" + to_string(): GCC 12 warns (-Wrestrict)
    t.Write(std::string("f").append(text), text.append("\n"));
  }
  t.Commit("many");
  t.Git("repack -q -a -d");
  const PackOrder order = PackOrder::Open(Open(t.dir()));
  std::vector<std::pair<Oid, uint64_t>> all = ShowIndex(t);
  ASSERT_GT(all.size(), 5000u);  // more than one 4,096-entry chunk
  std::sort(all.begin(), all.end());
  std::vector<Oid> ids;  // every third object, the last one twice
  for (size_t i = 0; i < all.size(); i += 3) ids.push_back(all[i].first);
  ids.push_back(ids.back());
  const std::vector<uint64_t> positions = PositionsOf(order, ids);
  for (size_t i = 0, k = 0; i < all.size(); i += 3, ++k) EXPECT_EQ(positions[k], all[i].second);
  EXPECT_EQ(positions.back(), positions[positions.size() - 2]);
  // Two ids far apart: the merge skips the chunks between them through the fanout.
  const std::vector<uint64_t> ends = PositionsOf(order, {all.front().first, all.back().first});
  EXPECT_EQ(ends[0], all.front().second);
  EXPECT_EQ(ends[1], all.back().second);
}

TEST(GitPackOrderTest, PacksBorrowedThroughAlternatesCount) {
  TempRepo origin;
  origin.Write("a", "borrowed\n");
  origin.Commit("one");
  origin.Git("repack -q -a -d");
  TempRepo clone;
  clone.Git("clone -q --shared '" + origin.dir() + "' shared");  // objects/info/alternates
  const std::string dir = clone.dir() + "/shared";
  ASSERT_TRUE(fs::exists(dir + "/.git/objects/info/alternates"));
  const PackOrder order = PackOrder::Open(Open(dir));
  EXPECT_EQ(order.pack_count(), 1u);
  EXPECT_NE(PositionOf(order, origin.Id("HEAD:a")), PackOrder::kUnknown);
  EXPECT_NE(PositionOf(order, origin.Id("HEAD")), PackOrder::kUnknown);
}

TEST(GitPackOrderTest, NoPacksMeansEverythingUnknown) {
  TempRepo t;
  t.Write("a", "x\n");
  t.Commit("one");
  const PackOrder order = PackOrder::Open(Open(t.dir()));
  EXPECT_EQ(order.pack_count(), 0u);
  EXPECT_EQ(PositionOf(order, t.Id("HEAD:a")), PackOrder::kUnknown);
}

TEST(GitPackOrderTest, ATruncatedIndexIsIgnored) {
  TempRepo t;
  t.Write("a", "x\n");
  t.Commit("one");
  t.Git("repack -q -a -d");
  const Oid blob = t.Id("HEAD:a");  // before git itself can no longer read the pack
  for (const auto& e : fs::directory_iterator(t.dir() + "/.git/objects/pack")) {
    if (e.path().extension() == ".idx") fs::resize_file(e.path(), 1040);  // ends in the ids
  }
  const PackOrder order = PackOrder::Open(Open(t.dir()));
  EXPECT_EQ(order.pack_count(), 0u);
  EXPECT_EQ(PositionOf(order, blob), PackOrder::kUnknown);
}

}  // namespace
}  // namespace ks::git
