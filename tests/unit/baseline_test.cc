// Tests for src/baseline: the baseline file's format and stability, .gitleaksignore parsing and
// matching, and the Suppressor's decisions.
#include "baseline/baseline.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "baseline/gitleaks_ignore.h"
#include "baseline/suppressor.h"
#include "temp_dir.h"

namespace ks::baseline {
namespace {

namespace fs = std::filesystem;
using ks::testing::TempDir;

std::string Fp(char c) { return std::string(64, c); }

TEST(BaselineTest, NormalizeKeepsOneEntryPerFingerprintWithTheSmallestPath) {
  std::vector<Entry> in = {
      {Fp('b'), "aws-secret-access-key", "z.env", std::nullopt},
      {Fp('a'), "aws-access-key-id", "src/b.py", "c2"},
      {Fp('a'), "aws-access-key-id", "src/a.py", "c9"},
      {Fp('b'), "aws-secret-access-key", "a.env", std::nullopt},
  };
  const std::vector<Entry> out = Normalize(in);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].path, "a.env");  // sorted by path for reading
  EXPECT_EQ(out[1].path, "src/a.py");
  EXPECT_EQ(out[1].commit, "c9");
  // Whatever order the scan found them in, the result is the same.
  std::reverse(in.begin(), in.end());
  EXPECT_EQ(Normalize(in), out);
}

TEST(BaselineTest, SerializesToAStableFormat) {
  const std::vector<Entry> entries = {
      {Fp('a'), "aws-access-key-id", "config/a \"b\".env",
       "0123456789abcdef0123456789abcdef01234567"},
      {Fp('b'), "aws-secret-access-key", "x", std::nullopt},
  };
  const std::string expected =
      "{\n"
      "  \"keysweep_baseline\": 1,\n"
      "  \"entries\": [\n"
      "    {\"fingerprint\": \"" +
      Fp('a') +
      "\", \"rule\": \"aws-access-key-id\", \"path\": \"config/a \\\"b\\\".env\", \"commit\": "
      "\"0123456789abcdef0123456789abcdef01234567\"},\n"
      "    {\"fingerprint\": \"" +
      Fp('b') +
      "\", \"rule\": \"aws-secret-access-key\", \"path\": \"x\", \"commit\": null}\n"
      "  ]\n"
      "}\n";
  EXPECT_EQ(Serialize(entries), expected);
  EXPECT_EQ(Serialize({}), "{\n  \"keysweep_baseline\": 1,\n  \"entries\": []\n}\n");
}

TEST(BaselineTest, ParseReadsWhatSerializeWrites) {
  const std::vector<Entry> entries = {{Fp('c'), "r", "p", "abc"}, {Fp('d'), "r2", "p2", {}}};
  auto back = Parse(Serialize(entries), "b.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, entries);
  auto empty = Parse(Serialize({}), "b.json");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// Regression (fuzz/regressions/baseline/): file names need not be UTF-8, and writing a
// baseline with one threw from nlohmann's dump(), so `baseline create` aborted. Invalid bytes
// now become U+FFFD; the fingerprint, the only part that is matched, is unchanged.
TEST(BaselineTest, PathsThatAreNotUtf8AreWrittenAndReadBack) {
  const std::vector<Entry> entries = {{Fp('e'), "aws-access-key-id", "config/caf\xe9.env", {}}};
  std::string text;
  ASSERT_NO_THROW(text = Serialize(entries));
  auto back = Parse(text, "b.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ(back->front().fingerprint, Fp('e'));
  EXPECT_EQ(back->front().path, "config/caf\xef\xbf\xbd.env");
}

void ExpectDamaged(const std::string& text, const std::string& why) {
  auto r = Parse(text, "b.json");
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_NE(r.error().message.find("b.json: not a keysweep baseline"), std::string::npos);
  EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
}

TEST(BaselineTest, DamagedFilesAreErrorsNamingTheFile) {
  ExpectDamaged("{\"keysweep_baseline\": 1, \"entries\": [", "invalid JSON");
  ExpectDamaged("[]", "expected");
  ExpectDamaged("{\"keysweep_baseline\": 2, \"entries\": []}", "expected");
  ExpectDamaged("{\"entries\": []}", "expected");
  const std::string entry_prefix = "{\"keysweep_baseline\": 1, \"entries\": [";
  ExpectDamaged(entry_prefix +
                    "{\"fingerprint\": \"abc\", \"rule\": \"r\", \"path\": \"p\", "
                    "\"commit\": null}]}",
                "entry 1: fingerprint must be 64 lowercase hex");
  ExpectDamaged(entry_prefix + "{\"fingerprint\": \"" + Fp('A') +
                    "\", \"rule\": \"r\", \"path\": \"p\", \"commit\": null}]}",
                "64 lowercase hex");
  ExpectDamaged(entry_prefix + "{\"fingerprint\": \"" + Fp('a') + "\", \"rule\": \"r\"}]}",
                "exactly fingerprint, rule, path and commit");
  ExpectDamaged(entry_prefix + "{\"fingerprint\": \"" + Fp('a') +
                    "\", \"rule\": \"r\", \"path\": \"p\", \"commit\": null, \"line\": 3}]}",
                "exactly");
  ExpectDamaged(entry_prefix + "{\"fingerprint\": \"" + Fp('a') +
                    "\", \"rule\": 1, \"path\": \"p\", \"commit\": null}]}",
                "must be strings");
}

TEST(BaselineTest, LoadNamesAMissingFile) {
  auto r = Load("/nonexistent/baseline.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/nonexistent/baseline.json"), std::string::npos);
}

TEST(BaselineTest, PruneKeepsOnlyFingerprintsFoundAgain) {
  const std::vector<Entry> entries = {{Fp('a'), "r", "p", {}}, {Fp('b'), "r", "q", {}}};
  const std::vector<Entry> kept = Prune(entries, {Fp('b'), Fp('c')});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].fingerprint, Fp('b'));
  EXPECT_EQ(Fingerprints(entries), (std::set<std::string>{Fp('a'), Fp('b')}));
}

TEST(BaselineTest, EntryForTakesTheFindingsFingerprintRulePathAndCommit) {
  Finding f;
  f.rule = "aws-access-key-id";
  f.secret = Secret("AKIARZPUZDIKPFJONNBY");
  f.fingerprint = Fingerprint(f.rule, f.secret);
  f.path = "a/b";
  f.line = 7;
  f.commit = "abc";
  const Entry e = EntryFor(f);
  EXPECT_EQ(e.fingerprint, f.fingerprint);
  EXPECT_EQ(e.rule, "aws-access-key-id");
  EXPECT_EQ(e.path, "a/b");
  EXPECT_EQ(e.commit, "abc");
}

constexpr char kCommit[] = "0123456789abcdef0123456789abcdef01234567";

TEST(GitleaksIgnoreTest, ParsesBothFormsCommentsAndBadLines) {
  const std::string text = std::string("# accepted\n\n") + kCommit +
                           ":config/prod.env:aws-access-token:3\n"
                           "  tests/fixture.txt:generic-api-key:12  \r\n"
                           "0123abc:a:b:c.txt:rule:4\n"
                           "not a fingerprint\n"
                           "path:rule:0\n";
  const GitleaksIgnoreFile f = ParseGitleaksIgnore(text);
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(f.entries[0].commit, kCommit);
  EXPECT_EQ(f.entries[0].path, "config/prod.env");
  EXPECT_EQ(f.entries[0].rule, "aws-access-token");
  EXPECT_EQ(f.entries[0].line, 3u);
  EXPECT_EQ(f.entries[1].commit, "");
  EXPECT_EQ(f.entries[1].path, "tests/fixture.txt");
  EXPECT_EQ(f.entries[1].line, 12u);
  EXPECT_EQ(f.entries[2].commit, "0123abc");  // gitleaks 8.26+ writes short commits
  EXPECT_EQ(f.entries[2].path, "a:b:c.txt");  // a path may hold ':'
  EXPECT_EQ(f.bad_lines, (std::vector<int>{6, 7}));
}

TEST(GitleaksIgnoreTest, MatchesPathAndLineForAnyRuleAndTheCommitWhenGiven) {
  const GitleaksIgnoreFile f = ParseGitleaksIgnore(std::string(kCommit) +
                                                   ":hist.env:aws-access-token:3\n"
                                                   "0123abc:short.env:x:1\n"
                                                   "files.env:generic:5\n");
  const GitleaksIgnore ignore(f.entries);
  EXPECT_EQ(ignore.size(), 3u);
  EXPECT_TRUE(ignore.Matches("hist.env", 3, std::string(kCommit)));
  EXPECT_FALSE(ignore.Matches("hist.env", 3, std::string("ffff") + (kCommit + 4)));
  EXPECT_FALSE(ignore.Matches("hist.env", 3, std::nullopt));  // a file scan has no commit
  EXPECT_FALSE(ignore.Matches("hist.env", 4, std::string(kCommit)));
  EXPECT_TRUE(ignore.Matches("short.env", 1, std::string("0123abc") + "0000"));
  EXPECT_TRUE(ignore.Matches("files.env", 5, std::nullopt));
  EXPECT_TRUE(ignore.Matches("files.env", 5, std::string(kCommit)));  // no commit: any
  EXPECT_FALSE(ignore.Matches("other.env", 5, std::nullopt));
}

TEST(GitleaksIgnoreTest, LoadReadsTheRootsFileAndRefusesLinksOutside) {
  TempDir root, outside;
  auto none = LoadGitleaksIgnore(root.path().string());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  root.Write(".gitleaksignore", "a.env:r:1\n");
  auto one = LoadGitleaksIgnore(root.path().string());
  ASSERT_TRUE(one.ok() && *one);
  EXPECT_EQ((*one)->entries.size(), 1u);
  TempDir linked;
  outside.Write("secret.txt", "a.env:r:1\n");
  fs::create_symlink(outside.path() / "secret.txt", linked.path() / ".gitleaksignore");
  EXPECT_FALSE(LoadGitleaksIgnore(linked.path().string()).ok());
}

Finding MakeFinding(const std::string& rule, const std::string& secret, const std::string& path,
                    uint64_t line) {
  Finding f;
  f.rule = rule;
  f.secret = Secret(secret);
  f.fingerprint = Fingerprint(rule, f.secret);
  f.path = path;
  f.line = line;
  return f;
}

TEST(SuppressorTest, SaysWhyAFindingIsDropped) {
  auto c = config::ParseConfig("allowlist:\n  paths: [docs]\n  stopwords: [dummy]\n", "c.yaml");
  ASSERT_TRUE(c.ok());
  auto allowlist = config::Allowlist::Create(*c);
  ASSERT_TRUE(allowlist.ok());
  const Finding baselined = MakeFinding("aws-access-key-id", "AKIARZPUZDIKPFJONNBY", "src/a", 1);
  SuppressorParts parts;
  parts.disabled_rules = {"aws-session-token"};
  parts.allowlist = std::move(allowlist).value();
  parts.baseline = std::set<std::string>{baselined.fingerprint};
  parts.gitleaks_ignore.emplace(ParseGitleaksIgnore("src/g.py:any-rule:9\n").entries);
  const Suppressor s(std::move(parts));
  EXPECT_EQ(s.Check(MakeFinding("aws-session-token", "tok", "src/a", 1)), Reason::kDisabledRule);
  EXPECT_EQ(s.Check(MakeFinding("aws-access-key-id", "AKIAX", "docs/a.md", 1)), Reason::kAllowlist);
  EXPECT_EQ(s.Check(MakeFinding("aws-access-key-id", "xDUMMYx", "src/a", 1)), Reason::kAllowlist);
  EXPECT_EQ(s.Check(baselined), Reason::kBaseline);
  EXPECT_EQ(s.Check(MakeFinding("private-key", "k", "src/g.py", 9)), Reason::kGitleaksIgnore);
  EXPECT_EQ(s.Check(MakeFinding("private-key", "k", "src/g.py", 10)), Reason::kKept);
  EXPECT_EQ(s.Check(MakeFinding("aws-access-key-id", "AKIAOTHER", "src/a", 1)), Reason::kKept);
}

TEST(SuppressorTest, ScanPathsAreMatchedRelativeToTheRoot) {
  TempDir root;
  auto c = config::ParseConfig("allowlist:\n  paths: ['fixtures/**']\n", "c.yaml");
  ASSERT_TRUE(c.ok());
  SuppressorParts parts;
  parts.allowlist = std::move(config::Allowlist::Create(*c)).value();
  parts.paths = config::RootRelative(
      config::ScanRoot{.dir = root.path().string(), .paths_from_cwd = true, .committed = nullptr});
  const Suppressor s(std::move(parts));
  const std::string inside = (root.path() / "fixtures" / "x.env").string();
  EXPECT_EQ(s.Check(MakeFinding("r", "s", inside, 1)), Reason::kAllowlist);
  EXPECT_EQ(s.Check(MakeFinding("r", "s", (root.path() / "src" / "x").string(), 1)), Reason::kKept);
}

}  // namespace
}  // namespace ks::baseline
