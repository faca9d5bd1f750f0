// Unit tests for src/git against real repositories, built in temporary directories with the
// git CLI (the tests use git to make fixtures; keysweep itself never runs it).
#include <gtest/gtest.h>
#include <stdlib.h>

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
#include "git/refs.h"
#include "git/repository.h"
#include "git/staged.h"
#include "git/tree_walk.h"
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

// A throwaway repository with a fixed identity and dates, driven through the git CLI.
class TempRepo {
 public:
  TempRepo() {
    std::string tmpl = (fs::temp_directory_path() / "ks-git-unit-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    Git("init -q -b main");
  }
  ~TempRepo() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  TempRepo(const TempRepo&) = delete;
  TempRepo& operator=(const TempRepo&) = delete;

  const std::string& dir() const { return dir_; }

  // Runs `git <args>` in the repository and returns its trimmed stdout.
  std::string Git(const std::string& args) const {
    const std::string cmd =
        "cd '" + dir_ + "' && GIT_CONFIG_NOSYSTEM=1 HOME='" + dir_ +
        "' GIT_AUTHOR_NAME=Author GIT_AUTHOR_EMAIL=a@example.com GIT_COMMITTER_NAME=C "
        "GIT_COMMITTER_EMAIL=c@example.com GIT_AUTHOR_DATE=2024-01-02T03:04:05Z "
        "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z git " +
        args + " 2>/dev/null";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      for (size_t n; (n = fread(buf, 1, sizeof(buf), p)) > 0;) out.append(buf, n);
      EXPECT_EQ(pclose(p), 0) << cmd;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }

  void Write(const std::string& rel, const std::string& content) const {
    const fs::path path = fs::path(dir_) / rel;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  // Stages everything and commits; returns the commit id.
  Oid Commit(const std::string& message) const {
    Git("add -A");
    Git("commit -q --allow-empty -m '" + message + "'");
    return Id("HEAD");
  }

  Oid Id(const std::string& rev) const { return *Oid::FromHex(Git("rev-parse " + rev)); }

 private:
  std::string dir_;
};

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

TEST(GitCommitWalkTest, VisitsEachCommitOnceAndHonoursHide) {
  TempRepo t;
  const Oid a = t.Commit("a");
  const Oid b = t.Commit("b");
  t.Git("checkout -q -b side");
  const Oid c = t.Commit("c");
  t.Git("checkout -q main");
  const Oid d = t.Commit("d");
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
  std::set<Oid> in_range;
  range.Run([&](const Commit& commit) { in_range.insert(commit.id()); });
  EXPECT_EQ(in_range, (std::set<Oid>{c, d}));
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

TEST(GitPackOrderTest, PackedObjectsSortByOffsetAndLooseOnesLast) {
  TempRepo t;
  t.Write("a", "first\n");
  t.Write("b", "second\n");
  t.Commit("one");
  t.Git("repack -q -a -d");
  t.Write("c", "loose\n");
  t.Commit("two");
  Repository repo = Open(t.dir());
  const PackOrder order = PackOrder::Load(repo);
  EXPECT_EQ(order.pack_count(), 1u);
  // `git show-index` prints "<offset> <id> (<crc>)" for every packed object.
  std::string listing = t.Git("show-index < $(ls .git/objects/pack/*.idx)");
  size_t packed = 0;
  for (size_t pos = 0; pos < listing.size();) {
    size_t eol = listing.find('\n', pos);
    if (eol == std::string::npos) eol = listing.size();
    const std::string line = listing.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t space = line.find(' ');
    const uint64_t offset = std::stoull(line.substr(0, space));
    const Oid id = *Oid::FromHex(line.substr(space + 1, 40));
    EXPECT_EQ(order.Position(id), offset) << line;
    ++packed;
  }
  EXPECT_EQ(packed, 4u);  // the first commit, its tree and two blobs
  EXPECT_EQ(order.Position(t.Id("HEAD:c")), PackOrder::kUnknown);
  EXPECT_EQ(order.Position(t.Id("HEAD")), PackOrder::kUnknown);
}

TEST(GitPackOrderTest, NoPacksMeansEverythingUnknown) {
  TempRepo t;
  t.Write("a", "x\n");
  t.Commit("one");
  const PackOrder order = PackOrder::Load(Open(t.dir()));
  EXPECT_EQ(order.pack_count(), 0u);
  EXPECT_EQ(order.Position(t.Id("HEAD:a")), PackOrder::kUnknown);
}

}  // namespace
}  // namespace ks::git
