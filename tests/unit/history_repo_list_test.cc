// Unit tests for src/history/repo_list (the repositories of a multi-repository history run) and
// src/git/mirror's URL handling.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "git/mirror.h"
#include "history/repo_list.h"
#include "temp_dir.h"

namespace ks {
namespace {

using ::testing::HasSubstr;

TEST(ParseShardTest, AcceptsKOfN) {
  auto s = ParseShard("2/8");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->count, 8);
  EXPECT_TRUE(ParseShard("1/1").ok());
}

TEST(ParseShardTest, RejectsEverythingElse) {
  for (const char* bad :
       {"0/3", "4/3", "1/0", "-1/3", "1/-3", "a/b", "1/3x", "13", "", "/", "1/10001"}) {
    auto s = ParseShard(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().kind, ErrorKind::kUsage);
    EXPECT_THAT(s.error().message, HasSubstr("--shard"));
  }
}

TEST(InShardTest, EveryEntryIsInExactlyOneShardAndTheSpreadIsEven) {
  std::map<int, int> per_shard;
  for (int i = 0; i < 1000; ++i) {
    const std::string spec = "https://example.com/org/repo-" + std::to_string(i) + ".git";
    int hits = 0;
    for (int k = 1; k <= 4; ++k) {
      if (InShard(spec, Shard{k, 4})) {
        ++hits;
        ++per_shard[k];
      }
    }
    EXPECT_EQ(hits, 1) << spec;
  }
  for (int k = 1; k <= 4; ++k) EXPECT_GT(per_shard[k], 200) << k;  // 250 expected
}

TEST(SelectReposTest, DeduplicatesKeepingTheFirstAndFilters) {
  const std::vector<std::string> all = {"b", "a", "b", "c"};
  EXPECT_EQ(SelectRepos(all, Shard{}), (std::vector<std::string>{"b", "a", "c"}));
  std::vector<std::string> joined;
  for (int k = 1; k <= 3; ++k) {
    for (const std::string& r : SelectRepos(all, Shard{k, 3})) joined.push_back(r);
  }
  std::sort(joined.begin(), joined.end());
  EXPECT_EQ(joined, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ReadRepoListTest, SkipsCommentsAndBlankLinesAndTrims) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "repos.txt").string();
  std::ofstream(path) << "# org\n\n  /srv/a  \r\n\tgit@host:b.git\n#x\nhttps://h/c\n";
  auto list = ReadRepoList(path);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, (std::vector<std::string>{"/srv/a", "git@host:b.git", "https://h/c"}));
  auto missing = ReadRepoList((dir.path() / "none").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("none"));
}

TEST(MirrorTest, TellsCloneUrlsFromPaths) {
  for (const char* url : {"https://github.com/o/r.git", "ssh://git@h/r", "git://127.0.0.1:9/r",
                          "file:///srv/r.git", "git@github.com:o/r.git", "git+ssh://h/r"}) {
    EXPECT_TRUE(git::IsCloneUrl(url)) << url;
  }
  for (const char* path : {".", "/srv/repo", "repo", "dir/with:colon", "./a@b:c", "C", "://x"}) {
    EXPECT_FALSE(git::IsCloneUrl(path)) << path;
  }
}

TEST(MirrorTest, MirrorPathIsStableReadableAndDistinct) {
  const std::string a = git::MirrorPath("/c", "https://github.com/org/tool.git");
  EXPECT_EQ(a, git::MirrorPath("/c", "https://github.com/org/tool.git"));
  EXPECT_THAT(a, ::testing::StartsWith("/c/tool-"));
  EXPECT_THAT(a, ::testing::EndsWith(".git"));
  EXPECT_NE(a, git::MirrorPath("/c", "https://gitlab.com/org/tool.git"));
  // Nothing from the URL can climb out of the cache directory.
  const std::string hostile = git::MirrorPath("/c", "https://h/../../etc/..");
  EXPECT_EQ(hostile.find("/../"), std::string::npos);
  EXPECT_THAT(hostile, ::testing::StartsWith("/c/"));
}

}  // namespace
}  // namespace ks
