// The rules cache's bound (engine/db_loader.h): at most max_cached databases and
// max_cache_bytes in all, the least recently used removed first, a cache hit counting as a use,
// and nothing but keysweep's own files touched; and the database size limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/db_loader.h"
#include "rules/rule_set.h"
#include "temp_dir.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using ::ks::testing::TempDir;

RuleSet OneRule(int n) {
  Rule r;
  r.id = "rule-" + std::to_string(n);
  r.name = r.id;
  r.description = "d";
  r.pattern = "tok" + std::to_string(n) + "_[a-z]{8}";
  r.severity = Severity::kHigh;
  r.playbook = "test";
  r.examples = {"x"};
  r.negative_examples = {"y"};
  r.loc = SourceLoc{"cache.yaml", 1};
  r.pattern_loc = SourceLoc{"cache.yaml", 4};
  return RuleSet({r});
}

std::set<std::string> CachedNames(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// The part of rule set n's cache file name that names it.
std::string Digest(int n) { return OneRule(n).digest().substr(0, 32); }

bool Holds(const std::set<std::string>& names, const std::string& digest) {
  for (const std::string& n : names) {
    if (n.find(digest) != std::string::npos) return true;
  }
  return false;
}

// Modification times one second apart, oldest first, so that the order does not depend on the
// file system's timestamp resolution.
void Age(const fs::path& dir, int n, int seconds_ago) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().find(Digest(n)) == std::string::npos) continue;
    fs::last_write_time(e.path(),
                        fs::file_time_type::clock::now() - std::chrono::seconds(seconds_ago));
  }
}

TEST(RulesCacheTest, KeepsTheMostRecentlyUsedDatabases) {
  TempDir tmp;
  DbLoadOptions opts;
  opts.cache_dir = tmp.path().string();
  opts.max_cached = 3;
  for (int n = 0; n < 3; ++n) {
    ASSERT_EQ(LoadPatternDb(OneRule(n), opts)->origin, DbOrigin::kCompiled);
    Age(tmp.path(), n, 100 - n);  // 0 oldest
  }
  ASSERT_EQ(LoadPatternDb(OneRule(0), opts)->origin, DbOrigin::kCache);  // 0 used again
  std::ofstream(tmp.path() / "unrelated.txt") << "not ours";
  ASSERT_EQ(LoadPatternDb(OneRule(3), opts)->origin, DbOrigin::kCompiled);
  const std::set<std::string> names = CachedNames(tmp.path());
  EXPECT_EQ(names.size(), 4u);  // three databases and the unrelated file
  EXPECT_TRUE(names.contains("unrelated.txt"));
  EXPECT_TRUE(Holds(names, Digest(0)));   // used most recently but one
  EXPECT_FALSE(Holds(names, Digest(1)));  // the least recently used
  EXPECT_TRUE(Holds(names, Digest(2)));
  EXPECT_TRUE(Holds(names, Digest(3)));  // just written
}

TEST(RulesCacheTest, IsBoundedInBytesAndKeepsTheNewestEvenAlone) {
  TempDir tmp;
  DbLoadOptions opts;
  opts.cache_dir = tmp.path().string();
  opts.max_cache_bytes = 1;  // smaller than any database
  for (int n = 0; n < 4; ++n) ASSERT_TRUE(LoadPatternDb(OneRule(n), opts).ok());
  const std::set<std::string> names = CachedNames(tmp.path());
  ASSERT_EQ(names.size(), 1u);
  EXPECT_TRUE(Holds(names, Digest(3)));
  EXPECT_EQ(LoadPatternDb(OneRule(3), opts)->origin, DbOrigin::kCache);
}

TEST(RulesCacheTest, ADatabaseOverTheLimitIsAnErrorAndNotCached) {
  TempDir tmp;
  DbLoadOptions opts;
  opts.cache_dir = tmp.path().string();
  opts.max_bytes = 16;
  auto r = LoadPatternDb(OneRule(0), opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("more than 16"));
  EXPECT_TRUE(CachedNames(tmp.path()).empty());
  opts.max_bytes = 0;
  ASSERT_TRUE(LoadPatternDb(OneRule(0), opts).ok());  // cached now
  opts.max_bytes = 16;
  EXPECT_FALSE(LoadPatternDb(OneRule(0), opts).ok());  // from the cache too
}

}  // namespace
}  // namespace ks
