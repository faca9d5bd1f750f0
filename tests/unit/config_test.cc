// Tests for src/config: globs, parsing .keysweep.yaml, confinement of a repository's own
// configuration, the allowlist, and the scan root.
#include "config/config.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "config/allowlist.h"
#include "config/glob.h"
#include "config/paths.h"
#include "config/scan_root.h"
#include "temp_dir.h"

namespace ks::config {
namespace {

namespace fs = std::filesystem;
using ks::testing::TempDir;

TEST(GlobTest, StarStaysInOneComponentAndDoubleStarCrossesThem) {
  EXPECT_TRUE(GlobMatch("*.md", "README.md"));
  EXPECT_FALSE(GlobMatch("*.md", "docs/README.md"));
  EXPECT_TRUE(GlobMatch("docs/*", "docs/a"));
  EXPECT_FALSE(GlobMatch("docs/*", "docs/a/b"));
  EXPECT_TRUE(GlobMatch("docs/**", "docs/a/b"));
  EXPECT_TRUE(GlobMatch("**/*.md", "a/b/c.md"));
  EXPECT_TRUE(GlobMatch("**/*.md", "c.md"));  // `**/` may match no directory
  EXPECT_TRUE(GlobMatch("a/**/b", "a/b"));
  EXPECT_TRUE(GlobMatch("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(GlobMatch("a/**/b", "a/xb"));
  EXPECT_TRUE(GlobMatch("a**b", "a/x/b"));
}

TEST(GlobTest, QuestionMarkClassesAndEscapes) {
  EXPECT_TRUE(GlobMatch("file?.txt", "file1.txt"));
  EXPECT_FALSE(GlobMatch("a?b", "a/b"));
  EXPECT_TRUE(GlobMatch("[a-c]x", "bx"));
  EXPECT_FALSE(GlobMatch("[a-c]x", "dx"));
  EXPECT_TRUE(GlobMatch("[!a-c]x", "dx"));
  EXPECT_FALSE(GlobMatch("[!a-c]x", "ax"));
  EXPECT_TRUE(GlobMatch("[]]", "]"));
  EXPECT_TRUE(GlobMatch("\\*", "*"));
  EXPECT_FALSE(GlobMatch("\\*", "a"));
  EXPECT_TRUE(GlobMatch("[abc", "[abc"));  // unterminated: literal
}

TEST(GlobTest, ManyStarsStayFast) {
  const std::string path(200, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
}

// Regression (fuzz/regressions/config/): the matcher recurses once per pattern step, and a
// repository's .keysweep.yaml with 300,000 `*` in a glob overflowed the stack (a crash of every
// scan of that repository). Such globs are refused, and never matched.
TEST(GlobTest, OverlongPatternsAreNeverMatchedNorRecursedInto) {
  const std::string stars(300000, '*');
  EXPECT_FALSE(GlobMatch(stars, "a"));
  EXPECT_FALSE(PathGlobMatches(stars + "/x", "a/x"));
  const std::string longest(kMaxGlobLength, '*');
  EXPECT_TRUE(GlobMatch(longest, "a"));
}

TEST(PathGlobTest, PatternWithoutSlashMatchesAnyComponent) {
  EXPECT_TRUE(PathGlobMatches("*.md", "docs/guide/setup.md"));
  EXPECT_TRUE(PathGlobMatches("node_modules", "web/node_modules/x/index.js"));
  EXPECT_FALSE(PathGlobMatches("*.md", "docs/guide/setup.txt"));
}

TEST(PathGlobTest, PatternWithSlashMatchesPathOrLeadingDirectory) {
  EXPECT_TRUE(PathGlobMatches("tests/fixtures", "tests/fixtures/a/b.env"));
  EXPECT_TRUE(PathGlobMatches("tests/fixtures/", "tests/fixtures/a/b.env"));
  EXPECT_TRUE(PathGlobMatches("/tests/*.env", "./tests/b.env"));
  EXPECT_FALSE(PathGlobMatches("tests/fixtures", "src/tests/fixtures/a"));
  EXPECT_TRUE(PathGlobMatches("**/fixtures", "src/tests/fixtures/a"));
  EXPECT_FALSE(PathGlobMatches("", "anything"));
}

constexpr char kFull[] = R"(# every key
allowlist:
  paths: ["tests/fixtures/**", "*.md"]
  regexes: ['^AKIA.*TEST$']
  stopwords: [dummy]
disabled_rules: [aws-session-token]
extra_rules: [ci/rules]
max_file_size: 1048576
fail_on_severity: [critical, high]
baseline: .keysweep-baseline.json
)";

TEST(ConfigParseTest, ReadsEveryKey) {
  auto c = ParseConfig(kFull, "repo/.keysweep.yaml");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->dir, "repo");
  ASSERT_EQ(c->allow_paths.size(), 2u);
  EXPECT_EQ(c->allow_paths[1].value, "*.md");
  EXPECT_EQ(c->allow_paths[1].line, 3);
  ASSERT_EQ(c->allow_regexes.size(), 1u);
  EXPECT_EQ(c->allow_regexes[0].value, "^AKIA.*TEST$");
  ASSERT_EQ(c->stopwords.size(), 1u);
  ASSERT_EQ(c->disabled_rules.size(), 1u);
  EXPECT_EQ(c->disabled_rules[0].line, 6);
  ASSERT_EQ(c->extra_rules.size(), 1u);
  EXPECT_EQ(c->max_file_size, 1048576u);
  ASSERT_TRUE(c->fail_on_severity);
  EXPECT_EQ(*c->fail_on_severity, (std::vector<Severity>{Severity::kCritical, Severity::kHigh}));
  ASSERT_TRUE(c->baseline);
  EXPECT_EQ(c->baseline->value, ".keysweep-baseline.json");
}

TEST(ConfigParseTest, EmptyFileConfiguresNothing) {
  auto c = ParseConfig("# nothing yet\n", ".keysweep.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->allow_paths.empty());
  EXPECT_FALSE(c->max_file_size);
  EXPECT_FALSE(c->fail_on_severity);
}

void ExpectError(const std::string& text, const std::string& message) {
  auto c = ParseConfig(text, "cfg.yaml");
  ASSERT_FALSE(c.ok()) << text;
  EXPECT_NE(c.error().message.find(message), std::string::npos) << c.error().message;
}

TEST(ConfigParseTest, UnknownAndRepeatedKeysNameFileAndLine) {
  ExpectError("max_file_size: 1\nmax_file_sise: 2\n",
              "cfg.yaml:2: unknown configuration key 'max_file_sise'");
  ExpectError("allowlist:\n  paths: []\n  path: [x]\n", "cfg.yaml:3: unknown allowlist key 'path'");
  ExpectError("baseline: a\nbaseline: b\n",
              "cfg.yaml:2: configuration key 'baseline' appears twice");
}

TEST(ConfigParseTest, WrongTypesAreErrorsWithLines) {
  ExpectError("allowlist: [a]\n", "cfg.yaml:1: 'allowlist' must be a mapping");
  ExpectError("\ndisabled_rules: aws-access-key-id\n",
              "cfg.yaml:2: 'disabled_rules' must be a list");
  ExpectError("stopwords: 1\n", "unknown configuration key 'stopwords'");
  ExpectError("extra_rules:\n  - ''\n", "cfg.yaml:2: every entry of 'extra_rules'");
  ExpectError("max_file_size: 10MB\n", "cfg.yaml:1: 'max_file_size' must be a number of bytes");
  ExpectError("max_file_size: -1\n", "'max_file_size' must be a number of bytes");
  ExpectError("fail_on_severity:\n  - high\n  - severe\n", "cfg.yaml:3: unknown severity 'severe'");
  ExpectError("baseline: [a]\n", "cfg.yaml:1: 'baseline' must be a file name");
  ExpectError("- a\n", "cfg.yaml:1: expected a mapping");
  ExpectError("a: [\n", "cfg.yaml:2: invalid YAML");
  ExpectError("allowlist:\n  paths:\n    - ok/**\n    - '" + std::string(1025, '*') + "'\n",
              "cfg.yaml:4: allowlist paths: a glob may be at most 1024 bytes long");
  EXPECT_TRUE(ParseConfig("allowlist: {paths: ['" + std::string(1024, '*') + "']}", "c").ok());
}

TEST(ConfigParseTest, ReportsEveryProblemAtOnce) {
  auto c = ParseConfig("bad1: 1\nbad2: 2\n", "cfg.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("cfg.yaml:1:"), std::string::npos);
  EXPECT_NE(c.error().message.find("cfg.yaml:2:"), std::string::npos);
}

TEST(ConfigLoadTest, FindsTheFileAtTheRootAndConfinesIt) {
  TempDir dir;
  auto none = LoadConfig("", dir.path().string());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  dir.Write(".keysweep.yaml", "max_file_size: 7\n");
  auto found = LoadConfig("", dir.path().string());
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->max_file_size, 7u);
  EXPECT_EQ((*found)->confine_to, dir.path().string());
  auto bare = LoadConfig("", "");
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(*bare);
}

TEST(ConfigLoadTest, ExplicitFileIsTrustedAndMustExist) {
  TempDir dir;
  dir.Write("my.yaml", "max_file_size: 9\n");
  auto c = LoadConfig((dir.path() / "my.yaml").string(), "/nonexistent");
  ASSERT_TRUE(c.ok() && *c);
  EXPECT_TRUE((*c)->confine_to.empty());
  EXPECT_FALSE(LoadConfig((dir.path() / "missing.yaml").string(), "").ok());
}

TEST(ConfigLoadTest, RefusesARootFileThatLinksOutside) {
  TempDir outside, root;
  outside.Write("cfg.yaml", "max_file_size: 1\n");
  fs::create_symlink(outside.path() / "cfg.yaml", root.path() / ".keysweep.yaml");
  auto c = LoadConfig("", root.path().string());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("outside"), std::string::npos);
}

TEST(ConfinementTest, RepositoryPathsStayInside) {
  TempDir outside, root;
  outside.Write("rules.yaml", "rules: []\n");
  root.Write("in.yaml", "rules: []\n");
  fs::create_symlink(outside.path() / "rules.yaml", root.path() / "link.yaml");
  const std::string r = root.path().string();
  EXPECT_TRUE(ResolvePath(r, "in.yaml", r).ok());
  EXPECT_FALSE(ResolvePath(r, (outside.path() / "rules.yaml").string(), r).ok());  // absolute
  EXPECT_FALSE(ResolvePath(r, "../" + outside.path().filename().string() + "/rules.yaml", r).ok());
  EXPECT_FALSE(ResolvePath(r, "link.yaml", r).ok());  // a symlink out
  EXPECT_FALSE(ResolvePath(r, "missing.yaml", r).ok());
  // Trusted (--config): anything goes, relative to the file's directory.
  auto trusted = ResolvePath(r, (outside.path() / "rules.yaml").string(), "");
  ASSERT_TRUE(trusted.ok());
  EXPECT_EQ(*trusted, (outside.path() / "rules.yaml").string());
}

TEST(ConfinementTest, RuleDirectoriesExpandAndTheirLinksAreChecked) {
  TempDir outside, root;
  fs::create_directories(root.path() / "rules");
  root.Write("rules/b.yaml", "rules: []\n");
  root.Write("rules/a.yml", "rules: []\n");
  root.Write("rules/notes.txt", "");
  auto c = ParseConfig("extra_rules: [rules]\n", (root.path() / ".keysweep.yaml").string());
  ASSERT_TRUE(c.ok());
  c->confine_to = root.path().string();
  auto files = RuleFiles(*c);
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ(fs::path((*files)[0]).filename(), "a.yml");
  outside.Write("evil.yaml", "rules: []\n");
  fs::create_symlink(outside.path() / "evil.yaml", root.path() / "rules" / "c.yaml");
  auto refused = RuleFiles(*c);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find(".keysweep.yaml:1: extra_rules:"), std::string::npos);
}

TEST(ConfinementTest, BaselinePathIsCheckedAndNamesTheLine) {
  TempDir root;
  auto c = ParseConfig("\nbaseline: missing.json\n", (root.path() / ".keysweep.yaml").string());
  ASSERT_TRUE(c.ok());
  c->confine_to = root.path().string();
  auto path = BaselinePath(*c);
  ASSERT_FALSE(path.ok());
  EXPECT_NE(path.error().message.find(".keysweep.yaml:2: baseline:"), std::string::npos);
}

Allowlist MakeAllowlist(const std::string& yaml) {
  auto c = ParseConfig(yaml, "cfg.yaml");
  EXPECT_TRUE(c.ok());
  auto a = Allowlist::Create(*c);
  EXPECT_TRUE(a.ok());
  return std::move(a).value();
}

TEST(AllowlistTest, RegexesAreSearchedInTheSecret) {
  Allowlist a = MakeAllowlist("allowlist:\n  regexes: ['TEST[0-9]+$']\n");
  EXPECT_TRUE(a.AllowsSecret("AKIAIOSFODNNTEST1234"));
  EXPECT_FALSE(a.AllowsSecret("AKIAIOSFODNN7EXAMPL1"));
}

TEST(AllowlistTest, StopwordsIgnoreCase) {
  Allowlist a = MakeAllowlist("allowlist:\n  stopwords: [Dummy]\n");
  EXPECT_TRUE(a.AllowsSecret("xxDUMMYxx"));
  EXPECT_FALSE(a.AllowsSecret("xxDUMBxx"));
}

TEST(AllowlistTest, PathsUseGlobs) {
  Allowlist a = MakeAllowlist("allowlist:\n  paths: ['fixtures/**', '*.md']\n");
  EXPECT_TRUE(a.AllowsPath("fixtures/a/b.env"));
  EXPECT_TRUE(a.AllowsPath("docs/x.md"));
  EXPECT_FALSE(a.AllowsPath("src/main.py"));
  EXPECT_FALSE(a.AllowsSecret("anything"));
}

TEST(AllowlistTest, BadRegexNamesFileAndLine) {
  auto c = ParseConfig("allowlist:\n  regexes:\n    - '(unclosed'\n", "cfg.yaml");
  ASSERT_TRUE(c.ok());
  auto a = Allowlist::Create(*c);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("cfg.yaml:3: allowlist regex '(unclosed'"), std::string::npos);
}

TEST(ScanRootTest, WorkTreeRootIsTheNearestDirectoryWithDotGit) {
  TempDir dir;
  fs::create_directories(dir.path() / "repo" / ".git");
  fs::create_directories(dir.path() / "repo" / "src" / "deep");
  EXPECT_EQ(WorkTreeRoot((dir.path() / "repo" / "src" / "deep").string()),
            (dir.path() / "repo").string());
  EXPECT_EQ(WorkTreeRoot((dir.path() / "repo/").string()), (dir.path() / "repo").string());
  fs::create_directories(dir.path() / "plain");
  const std::string plain = (dir.path() / "plain").string();
  // Outside any work tree (assuming the temp directory is not in one) the directory itself.
  if (WorkTreeRoot(dir.path().string()) == dir.path().string()) {
    EXPECT_EQ(WorkTreeRoot(plain), plain);
  }
}

TEST(ScanRootTest, ScanRootStartsFromTheFirstPath) {
  TempDir dir;
  fs::create_directories(dir.path() / "repo" / ".git");
  fs::create_directories(dir.path() / "repo" / "src");
  dir.Write("repo/src/a.py", "");
  const ScanRoot from_dir = ScanRootFor({(dir.path() / "repo" / "src").string()});
  EXPECT_EQ(from_dir.dir, (dir.path() / "repo").string());
  EXPECT_TRUE(from_dir.paths_from_cwd);
  EXPECT_EQ(ScanRootFor({(dir.path() / "repo" / "src" / "a.py").string()}).dir,
            (dir.path() / "repo").string());
}

TEST(ScanRootTest, RootRelativeMapsCommandLinePaths) {
  TempDir dir;
  fs::create_directories(dir.path() / "repo" / "src");
  const ScanRoot root{(dir.path() / "repo").string(), true};
  const RootRelative map(root);
  EXPECT_EQ(map.Map((dir.path() / "repo" / "src" / "a.py").string()), "src/a.py");
  EXPECT_EQ(map.Map((dir.path() / "repo" / "." / "src" / "a.py").string()), "src/a.py");
  EXPECT_EQ(map.Map("/elsewhere/a.py"), "/elsewhere/a.py");
  // Git sources carry root-relative paths already.
  const RootRelative git(ScanRoot{
      .dir = (dir.path() / "repo").string(), .paths_from_cwd = false, .committed = nullptr});
  EXPECT_EQ(git.Map("src/a.py"), "src/a.py");
}

}  // namespace
}  // namespace ks::config
