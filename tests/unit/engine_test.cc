// Unit tests for src/engine: PatternDb compile/serialize/deserialize, CandidateFinder and
// LoadPatternDb's embedded → cache → compile order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "engine/candidate_finder.h"
#include "engine/db_loader.h"
#include "engine/pattern_db.h"
#include "rules/rule_loader.h"
#include "rules/rule_set.h"
#include "scan/scanner.h"
#include "temp_dir.h"

namespace ks {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kKeyId[] = "AKIARZPUZDIKPFJONNBY";
constexpr char kKeyId2[] = "ASIATCH6YDSYWITJ4DJX";
constexpr char kSecret[] = "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";

Rule MakeRule(const std::string& id, const std::string& pattern, int secret_group = 0) {
  Rule r;
  r.id = id;
  r.name = id;
  r.description = "test rule " + id;
  r.pattern = pattern;
  r.secret_groups = {secret_group};
  r.severity = Severity::kHigh;
  r.playbook = "test";
  r.examples = {"x"};
  r.negative_examples = {"y"};
  r.loc = SourceLoc{"engine.yaml", 2};
  r.pattern_loc = SourceLoc{"engine.yaml", 5};
  return r;
}

RuleSet TwoRules() {
  Rule key = MakeRule("key-id", "((?:AKIA|ASIA)[A-Z2-7]{16})", 1);
  key.filters.boundary = Boundary::kBase64;
  Rule secret = MakeRule("secret", "secret_key\\s*=\\s*([A-Za-z0-9/+]{40})", 1);
  secret.filters.boundary = Boundary::kBase64;
  return RuleSet({key, secret});
}

std::shared_ptr<const PatternDb> MustCompile(RuleSet rules) {
  auto db = PatternDb::Compile(std::move(rules));
  if (!db.ok()) {
    ADD_FAILURE() << db.error().message;
    return nullptr;
  }
  return std::move(db).value();
}

using MatchTuple = std::tuple<uint32_t, uint64_t, uint64_t, uint64_t, uint64_t>;

std::vector<MatchTuple> ScanAll(std::shared_ptr<const PatternDb> db, std::string_view text) {
  Scanner scanner(std::move(db));
  std::vector<Match> matches;
  const Status s = scanner.Scan(text, &matches);
  EXPECT_TRUE(s.ok()) << s.error().message;
  std::vector<MatchTuple> out;
  for (const Match& m : matches) {
    out.emplace_back(m.rule, m.begin, m.end, m.secret_begin, m.secret_end);
  }
  return out;
}

std::string SampleText() {
  return std::string("[default]\naws_access_key_id = ") + kKeyId + "\nsecret_key = " + kSecret +
         "\nother = " + kKeyId2 + "\n";
}

// One YAML rule with its pattern on line 5 of the file.
std::string RuleYaml(const std::string& id, const std::string& pattern, int secret_group = 0) {
  std::string quoted;
  for (char c : pattern) quoted += (c == '\'') ? std::string("''") : std::string(1, c);
  return "  - id: " + id + "\n" +             // +0
         "    name: " + id + "\n" +           // +1
         "    description: d\n" +             // +2
         "    pattern: '" + quoted + "'\n" +  // +3
         "    secret_group: " + std::to_string(secret_group) + "\n" +
         "    severity: high\n"
         "    playbook: pb\n"
         "    references: [https://example.com]\n"
         "    examples: ['x']\n"
         "    negative_examples: ['y']\n";
}

RuleSet LoadYaml(const std::string& text) {
  auto r = LoadRules({RuleSource{"rules/test.yaml", text}});
  if (!r.ok()) {
    ADD_FAILURE() << r.error().message;
    return RuleSet();
  }
  return std::move(r).value();
}

// --- Compile ----------------------------------------------------------------------------------

TEST(PatternDbCompileTest, CompilesSmallRuleSet) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->rules().size(), 2u);
  EXPECT_EQ(db->rules()[0].id, "key-id");
  EXPECT_FALSE(db->Prefiltered(0));
  EXPECT_FALSE(db->Prefiltered(1));
  EXPECT_EQ(db->Regex(0).NumberOfCapturingGroups(), 1);
}

TEST(PatternDbCompileTest, FindsCandidatesAndMatches) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  const std::string text = SampleText();
  const uint64_t key_at = text.find(kKeyId);
  const uint64_t secret_at = text.find(kSecret);
  const uint64_t key2_at = text.find(kKeyId2);
  EXPECT_THAT(ScanAll(db, text),
              ::testing::ElementsAre(
                  MatchTuple{0, key_at, key_at + 20, key_at, key_at + 20},
                  MatchTuple{1, text.find("secret_key"), secret_at + 40, secret_at, secret_at + 40},
                  MatchTuple{0, key2_at, key2_at + 20, key2_at, key2_at + 20}));
}

TEST(PatternDbCompileTest, MaxWidthOfFixedWidthRuleIsItsWidth) {
  auto db = MustCompile(
      RuleSet({MakeRule("fixed", "AKIA[A-Z2-7]{16}"), MakeRule("bounded", "tok[0-9]{3,7}"),
               MakeRule("unbounded", "begin[a-z]+end")}));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->MaxWidth(0), 20u);
  EXPECT_EQ(db->MaxWidth(1), 10u);
  EXPECT_EQ(db->MaxWidth(2), kMaxConfirmWindow);
}

TEST(PatternDbCompileTest, RejectsPatternMatchingEmptyString) {
  const std::string yaml = "rules:\n" + RuleYaml("ok-rule", "abc") + RuleYaml("empty-rule", "x*");
  auto db = PatternDb::Compile(LoadYaml(yaml));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::kRules);
  // The second rule starts on line 12, so its pattern is on line 15.
  EXPECT_EQ(db.error().message,
            "rules/test.yaml:15: rule empty-rule: pattern can match the empty string");
}

TEST(PatternDbCompileTest, RejectsOptionalOnlyPattern) {
  auto db = PatternDb::Compile(RuleSet({MakeRule("opt", "(?:AKIA)?")}));
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error().message,
              HasSubstr("engine.yaml:5: rule opt: pattern can match the empty"));
}

TEST(PatternDbCompileTest, Re2InvalidPatternNamesFileAndLine) {
  // Hyperscan accepts \Z, RE2 does not.
  const std::string yaml = "rules:\n" + RuleYaml("bad-re2", "abc\\Z");
  auto db = PatternDb::Compile(LoadYaml(yaml));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::kRules);
  EXPECT_THAT(db.error().message,
              StartsWith("rules/test.yaml:5: rule bad-re2: RE2 rejects the pattern: "));
}

TEST(PatternDbCompileTest, SyntaxErrorNamesFileAndLine) {
  const std::string yaml = "rules:\n" + RuleYaml("good", "good[0-9]") + RuleYaml("broken", "(ab");
  auto db = PatternDb::Compile(LoadYaml(yaml));
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error().message, StartsWith("rules/test.yaml:15: rule broken: "));
  EXPECT_THAT(db.error().message, ::testing::Not(HasSubstr("rule good:")));
}

TEST(PatternDbCompileTest, HyperscanOnlyRejectionNamesFileAndLine) {
  // RE2 accepts an embedded start anchor; Hyperscan does not, even as a prefilter.
  const std::string yaml = "rules:\n" + RuleYaml("bad-hs", "a(?-m:^)b");
  auto db = PatternDb::Compile(LoadYaml(yaml));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::kRules);
  EXPECT_THAT(db.error().message,
              StartsWith("rules/test.yaml:5: rule bad-hs: Hyperscan rejects the pattern: "));
}

TEST(PatternDbCompileTest, SecretGroupBeyondPatternGroups) {
  auto db = PatternDb::Compile(RuleSet({MakeRule("groups", "(a)(b)c", 3)}));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().message,
            "engine.yaml:5: rule groups: secret_group 3 but the pattern has 2 groups");
}

TEST(PatternDbCompileTest, ReportsEveryBadRule) {
  auto db = PatternDb::Compile(RuleSet(
      {MakeRule("empty", "z?"), MakeRule("fine", "fine"), MakeRule("groupless", "abc", 1)}));
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error().message, HasSubstr("rule empty: pattern can match the empty string"));
  EXPECT_THAT(db.error().message, HasSubstr("rule groupless: secret_group 1"));
  EXPECT_THAT(db.error().message, ::testing::Not(HasSubstr("rule fine")));
}

// A construct RE2 accepts and Hyperscan can only compile approximately: hs_expression_info
// accepts `(?:ab|c\w*){200}` without HS_FLAG_PREFILTER, but hs_compile then fails with "Pattern is
// too large"; with HS_FLAG_PREFILTER it compiles. (No construct was found that RE2 accepts and
// that hs_expression_info itself rejects only without the prefilter flag.)
// Compile must then fall back to a prefilter for that rule, as pattern_db.h promises.
TEST(PatternDbCompileTest, PatternTooLargeForHyperscanIsPrefiltered) {
  Rule big = MakeRule("big-repeat", "(?:ab|c\\w*){200}");
  Rule plain = MakeRule("plain", "AKIA[A-Z2-7]{16}");
  auto compiled = PatternDb::Compile(RuleSet({big, plain}));
  ASSERT_TRUE(compiled.ok()) << compiled.error().message;
  auto db = std::move(compiled).value();
  EXPECT_TRUE(db->Prefiltered(0));
  EXPECT_FALSE(db->Prefiltered(1));
  std::string hit;
  for (int i = 0; i < 200; ++i) hit += "ab";
  const std::string text = "xx " + hit + " yy " + kKeyId + " " + hit.substr(2);
  const auto matches = ScanAll(db, text);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(std::get<0>(matches[0]), 0u);
  EXPECT_EQ(std::get<1>(matches[0]), 3u);
  EXPECT_EQ(std::get<2>(matches[0]), 403u);
  EXPECT_EQ(std::get<0>(matches[1]), 1u);
}

// --- Serialize / Deserialize ----------------------------------------------------------------

TEST(PatternDbSerializeTest, RoundTripGivesIdenticalResults) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  const std::string bytes = db->Serialize();
  ASSERT_FALSE(bytes.empty());
  EXPECT_THAT(bytes, StartsWith("keysweep-hsdb-1\n" + TwoRules().digest() + "\n2\n"));
  auto restored = PatternDb::Deserialize(TwoRules(), bytes);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  const auto& db2 = restored.value();
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(db2->MaxWidth(i), db->MaxWidth(i));
    EXPECT_EQ(db2->Prefiltered(i), db->Prefiltered(i));
  }
  const std::string text = SampleText() + SampleText();
  const auto expected = ScanAll(db, text);
  EXPECT_EQ(expected.size(), 6u);
  EXPECT_EQ(ScanAll(db2, text), expected);
  // Serializing the restored database gives the same bytes again.
  EXPECT_EQ(db2->Serialize(), bytes);
}

TEST(PatternDbSerializeTest, RoundTripKeepsUnboundedWidth) {
  auto db = MustCompile(RuleSet({MakeRule("unbounded", "begin[a-z]+end")}));
  ASSERT_NE(db, nullptr);
  auto restored =
      PatternDb::Deserialize(RuleSet({MakeRule("unbounded", "begin[a-z]+end")}), db->Serialize());
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored.value()->MaxWidth(0), kMaxConfirmWindow);
  const std::string text = "begin" + std::string(3000, 'q') + "end";
  EXPECT_EQ(ScanAll(restored.value(), text), (std::vector<MatchTuple>{{0, 0, 3008, 0, 3008}}));
}

TEST(PatternDbSerializeTest, DocumentationChangesStillMatch) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  std::vector<Rule> rules = TwoRules().rules();
  rules[0].description = "reworded";
  rules[1].examples.push_back("another example");
  auto restored = PatternDb::Deserialize(RuleSet(rules), db->Serialize());
  EXPECT_TRUE(restored.ok()) << restored.error().message;
}

TEST(PatternDbSerializeTest, DigestMismatchFails) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  std::vector<Rule> rules = TwoRules().rules();
  rules[1].pattern = "secret_key\\s*:\\s*([A-Za-z0-9/+]{40})";
  auto restored = PatternDb::Deserialize(RuleSet(rules), db->Serialize());
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().kind, ErrorKind::kEngine);
  EXPECT_EQ(restored.error().message, "serialized database does not match these rules");

  std::vector<Rule> severity_changed = TwoRules().rules();
  severity_changed[0].severity = Severity::kLow;
  EXPECT_FALSE(PatternDb::Deserialize(RuleSet(severity_changed), db->Serialize()).ok());
}

TEST(PatternDbSerializeTest, GarbageFailsCleanly) {
  const std::vector<std::string> inputs = {
      "",
      "garbage",
      std::string(4096, '\xff'),
      std::string("keysweep-hsdb-1\n"),
      std::string("keysweep-hsdb-1\nnot-the-digest\n2\n20 0\n20 0\n"),
  };
  for (const std::string& bytes : inputs) {
    auto r = PatternDb::Deserialize(TwoRules(), bytes);
    ASSERT_FALSE(r.ok()) << "accepted " << bytes.size() << " bytes";
    EXPECT_EQ(r.error().kind, ErrorKind::kEngine);
  }
}

TEST(PatternDbSerializeTest, ValidEnvelopeWithGarbageDatabaseFails) {
  const RuleSet rules = TwoRules();
  const std::string envelope = "keysweep-hsdb-1\n" + rules.digest() + "\n2\n20 0\n56 0\n";
  for (const std::string& tail :
       {std::string(), std::string("not a hyperscan database"), std::string(1000, '\0')}) {
    auto r = PatternDb::Deserialize(rules, envelope + tail);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kEngine);
    EXPECT_THAT(r.error().message, HasSubstr("Hyperscan cannot load"));
  }
}

TEST(PatternDbSerializeTest, WrongRuleCountFails) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  std::string bytes = db->Serialize();
  const std::string header = "keysweep-hsdb-1\n" + TwoRules().digest() + "\n";
  ASSERT_EQ(bytes.compare(0, header.size(), header), 0);
  bytes.replace(header.size(), 1, "3");
  EXPECT_FALSE(PatternDb::Deserialize(TwoRules(), bytes).ok());
}

TEST(PatternDbSerializeTest, TruncatedBytesFail) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  const std::string bytes = db->Serialize();
  for (const size_t keep : {size_t{10}, size_t{90}, bytes.size() / 2, bytes.size() - 1}) {
    auto r = PatternDb::Deserialize(TwoRules(), bytes.substr(0, keep));
    EXPECT_FALSE(r.ok()) << "accepted the first " << keep << " of " << bytes.size() << " bytes";
  }
}

// --- CandidateFinder --------------------------------------------------------------------------

TEST(CandidateFinderTest, ReportsRuleAndEndInEndOrder) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  CandidateFinder finder(db);
  const std::string text = SampleText();
  std::vector<Candidate> out;
  ASSERT_TRUE(finder.Find(text, &out).ok());
  std::vector<std::pair<uint32_t, uint64_t>> got;
  for (const Candidate& c : out) got.emplace_back(c.rule, c.end);
  const uint64_t key_end = text.find(kKeyId) + 20;
  const uint64_t secret_end = text.find(kSecret) + 40;
  const uint64_t key2_end = text.find(kKeyId2) + 20;
  EXPECT_THAT(got, ::testing::ElementsAre(std::pair<uint32_t, uint64_t>{0, key_end},
                                          std::pair<uint32_t, uint64_t>{1, secret_end},
                                          std::pair<uint32_t, uint64_t>{0, key2_end}));
}

TEST(CandidateFinderTest, AppendsAndFindsNothingInCleanText) {
  auto db = MustCompile(TwoRules());
  ASSERT_NE(db, nullptr);
  CandidateFinder finder(db);
  std::vector<Candidate> out = {Candidate{7, 7}};
  ASSERT_TRUE(finder.Find("nothing to see here\n", &out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule, 7u);
  ASSERT_TRUE(finder.Find("", &out).ok());
  EXPECT_EQ(out.size(), 1u);
}

// --- LoadPatternDb ----------------------------------------------------------------------------

using ::ks::testing::TempDir;

std::vector<std::filesystem::path> FilesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    out.push_back(it->path());
  }
  return out;
}

TEST(LoadPatternDbTest, CompilesThenUsesCache) {
  TempDir tmp;
  const std::filesystem::path cache = tmp.path() / "cache";
  DbLoadOptions opts;
  opts.cache_dir = cache.string();

  auto first = LoadPatternDb(TwoRules(), opts);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->origin, DbOrigin::kCompiled);
  const auto files = FilesIn(cache);
  ASSERT_EQ(files.size(), 1u);
  const std::string name = files[0].filename().string();
  EXPECT_THAT(name, StartsWith("hs-"));
  EXPECT_THAT(name, HasSubstr(TwoRules().digest().substr(0, 32)));
  EXPECT_THAT(name, ::testing::EndsWith(".db"));

  auto second = LoadPatternDb(TwoRules(), opts);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->origin, DbOrigin::kCache);
  EXPECT_EQ(ScanAll(second->db, SampleText()), ScanAll(first->db, SampleText()));
  EXPECT_EQ(ScanAll(second->db, SampleText()).size(), 3u);
}

TEST(LoadPatternDbTest, CacheIsKeyedByRules) {
  TempDir tmp;
  DbLoadOptions opts;
  opts.cache_dir = tmp.path().string();
  ASSERT_EQ(LoadPatternDb(TwoRules(), opts)->origin, DbOrigin::kCompiled);
  const RuleSet other({MakeRule("only", "only[0-9]{4}")});
  auto r = LoadPatternDb(other, opts);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->origin, DbOrigin::kCompiled);
  EXPECT_EQ(FilesIn(tmp.path()).size(), 2u);
  EXPECT_EQ(LoadPatternDb(other, opts)->origin, DbOrigin::kCache);
}

TEST(LoadPatternDbTest, NoCacheWhenDisabled) {
  TempDir tmp;
  DbLoadOptions opts;
  opts.cache_dir = (tmp.path() / "cache").string();
  opts.use_cache = false;
  auto first = LoadPatternDb(TwoRules(), opts);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->origin, DbOrigin::kCompiled);
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "cache"));
  EXPECT_EQ(LoadPatternDb(TwoRules(), opts)->origin, DbOrigin::kCompiled);
}

TEST(LoadPatternDbTest, CorruptCacheFileIsRecompiledAndReplaced) {
  TempDir tmp;
  DbLoadOptions opts;
  opts.cache_dir = tmp.path().string();
  ASSERT_TRUE(LoadPatternDb(TwoRules(), opts).ok());
  const auto files = FilesIn(tmp.path());
  ASSERT_EQ(files.size(), 1u);
  {
    std::ofstream out(files[0], std::ios::binary | std::ios::trunc);
    out << "keysweep-hsdb-1\ncorrupted\n";
  }
  auto r = LoadPatternDb(TwoRules(), opts);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->origin, DbOrigin::kCompiled);
  EXPECT_THAT(r->note, HasSubstr("cached database not used"));
  EXPECT_EQ(ScanAll(r->db, SampleText()).size(), 3u);
  EXPECT_EQ(LoadPatternDb(TwoRules(), opts)->origin, DbOrigin::kCache);
  EXPECT_EQ(FilesIn(tmp.path()).size(), 1u);  // no temporary files left behind
}

TEST(LoadPatternDbTest, UsesEmbeddedBytes) {
  TempDir tmp;
  auto compiled = MustCompile(TwoRules());
  ASSERT_NE(compiled, nullptr);
  const std::string embedded = compiled->Serialize();
  DbLoadOptions opts;
  opts.embedded = embedded;
  opts.cache_dir = tmp.path().string();
  auto r = LoadPatternDb(TwoRules(), opts);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->origin, DbOrigin::kEmbedded);
  EXPECT_EQ(r->note, "");
  EXPECT_EQ(ScanAll(r->db, SampleText()), ScanAll(compiled, SampleText()));
  EXPECT_TRUE(FilesIn(tmp.path()).empty());  // nothing compiled, nothing cached
}

TEST(LoadPatternDbTest, WrongEmbeddedBytesFallBack) {
  TempDir tmp;
  // Embedded bytes made for other rules.
  auto other = MustCompile(RuleSet({MakeRule("only", "only[0-9]{4}")}));
  ASSERT_NE(other, nullptr);
  const std::string embedded = other->Serialize();
  DbLoadOptions opts;
  opts.embedded = embedded;
  opts.cache_dir = tmp.path().string();
  auto r = LoadPatternDb(TwoRules(), opts);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->origin, DbOrigin::kCompiled);
  EXPECT_THAT(r->note, HasSubstr("embedded database not used"));
  EXPECT_EQ(ScanAll(r->db, SampleText()).size(), 3u);

  const std::string garbage = "definitely not a database";
  opts.embedded = garbage;
  auto cached = LoadPatternDb(TwoRules(), opts);
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ(cached->origin, DbOrigin::kCache);
  EXPECT_THAT(cached->note, HasSubstr("embedded database not used"));
}

TEST(LoadPatternDbTest, CompileErrorsArePassedThrough) {
  TempDir tmp;
  DbLoadOptions opts;
  opts.cache_dir = tmp.path().string();
  auto r = LoadPatternDb(RuleSet({MakeRule("empty", "q*")}), opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRules);
  EXPECT_THAT(r.error().message, HasSubstr("rule empty: pattern can match the empty string"));
  EXPECT_TRUE(FilesIn(tmp.path()).empty());
}

TEST(DbOriginTest, Names) {
  EXPECT_EQ(DbOriginName(DbOrigin::kEmbedded), "embedded");
  EXPECT_EQ(DbOriginName(DbOrigin::kCache), "cache");
  EXPECT_EQ(DbOriginName(DbOrigin::kCompiled), "compiled");
}

// Restores an environment variable when the test ends.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(DefaultCacheDirTest, PrefersKeysweepThenXdgThenHome) {
  ScopedEnv ks("KEYSWEEP_CACHE_DIR", "/tmp/ks-explicit");
  ScopedEnv xdg("XDG_CACHE_HOME", "/tmp/xdg");
  ScopedEnv home("HOME", "/home/someone");
  EXPECT_EQ(Env::Default().CacheDir(), "/tmp/ks-explicit");
  {
    ScopedEnv no_ks("KEYSWEEP_CACHE_DIR", "");
    EXPECT_EQ(Env::Default().CacheDir(), "/tmp/xdg/keysweep");
    ScopedEnv no_xdg("XDG_CACHE_HOME", nullptr);
    EXPECT_EQ(Env::Default().CacheDir(), "/home/someone/.cache/keysweep");
    ScopedEnv no_home("HOME", nullptr);
    EXPECT_EQ(Env::Default().CacheDir(), "");
  }
}

TEST(HyperscanVersionTest, LooksLikeAVersion) {
  const std::string v = HyperscanVersion();
  ASSERT_FALSE(v.empty());
  EXPECT_TRUE(v[0] >= '0' && v[0] <= '9') << v;
  EXPECT_NE(v.find('.'), std::string::npos) << v;
}

}  // namespace
}  // namespace ks
