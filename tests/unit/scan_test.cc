// Unit tests for src/scan through a real Scanner over a compiled PatternDb: windows, secret groups,
// boundaries, filters, ordering, `rules check`, and the built-in rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "builtin/builtin.h"
#include "engine/pattern_db.h"
#include "rules/rule_loader.h"
#include "rules/rule_set.h"
#include "scan/filters.h"
#include "scan/rule_check.h"
#include "scan/scanner.h"
#include "util/text.h"

namespace ks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// Fabricated credentials (the constants of tests/e2e/kstest.py and patterns/aws.yaml).
constexpr char kKeyId[] = "AKIARZPUZDIKPFJONNBY";
constexpr char kKeyId2[] = "ASIATCH6YDSYWITJ4DJX";
constexpr char kKeyId3[] = "ASIARTX3GSDSQ2TKHJCQ";
constexpr char kSecret[] = "MuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76u";
constexpr char kSecret2[] = "mfXfKm/r5kJP1VrT+1FJors/6ILi8IHn5kxsC7tV";
constexpr char kGitSha[] = "3f786850e387550fdab836ed7e6dc881de23001b";

// (rule, begin, end, secret_begin, secret_end)
using M = std::tuple<uint32_t, uint64_t, uint64_t, uint64_t, uint64_t>;

Rule MakeRule(const std::string& id, const std::string& pattern, int secret_group = 0) {
  Rule r;
  r.id = id;
  r.name = id;
  r.description = "test rule";
  r.pattern = pattern;
  r.secret_groups = {secret_group};
  r.severity = Severity::kHigh;
  r.playbook = "test";
  r.loc = SourceLoc{"scan.yaml", 3};
  r.pattern_loc = SourceLoc{"scan.yaml", 6};
  return r;
}

Rule KeyIdRule() {
  Rule r = MakeRule("key-id", "((?:AKIA|ASIA)[A-Z2-7]{16})", 1);
  r.filters.boundary = Boundary::kBase64;
  r.examples = {std::string("id = ") + kKeyId, kKeyId2};
  r.negative_examples = {std::string("x") + kKeyId, "AKIA"};
  return r;
}

Rule SecretRule() {
  Rule r = MakeRule("secret", "secret_key\\s*=\\s*([A-Za-z0-9/+]{40})", 1);
  r.filters.boundary = Boundary::kBase64;
  r.filters.min_entropy = 3.5;
  r.filters.min_char_classes = 2;
  r.filters.reject_hex = true;
  r.examples = {std::string("secret_key = ") + kSecret};
  r.negative_examples = {std::string("secret_key = ") + kGitSha};
  return r;
}

std::shared_ptr<const PatternDb> MustCompile(std::vector<Rule> rules) {
  auto db = PatternDb::Compile(RuleSet(std::move(rules)));
  if (!db.ok()) {
    ADD_FAILURE() << db.error().message;
    return nullptr;
  }
  return std::move(db).value();
}

class ScanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = MustCompile({KeyIdRule(), SecretRule()}); }
  static void TearDownTestSuite() { db_.reset(); }

  // Scans through the shared two-rule database.
  std::vector<M> Scan(std::string_view text) { return ScanWith(db_, text); }

  static std::vector<M> ScanWith(std::shared_ptr<const PatternDb> db, std::string_view text) {
    if (db == nullptr) return {};
    Scanner scanner(std::move(db));
    std::vector<Match> matches;
    const Status s = scanner.Scan(text, &matches);
    EXPECT_TRUE(s.ok()) << s.error().message;
    std::vector<M> out;
    for (const Match& m : matches)
      out.emplace_back(m.rule, m.begin, m.end, m.secret_begin, m.secret_end);
    return out;
  }

  // The whole match is the secret (key-id rule).
  static M Key(uint64_t at) { return M{0, at, at + 20, at, at + 20}; }

  static std::shared_ptr<const PatternDb> db_;
};

std::shared_ptr<const PatternDb> ScanTest::db_;

// --- Positions --------------------------------------------------------------------------------

TEST_F(ScanTest, NothingInCleanOrEmptyText) {
  EXPECT_THAT(Scan(""), IsEmpty());
  EXPECT_THAT(Scan("just some text\nwith AKIA and ASIA but no keys\n"), IsEmpty());
}

TEST_F(ScanTest, MatchAtBufferStart) {
  EXPECT_THAT(Scan(std::string(kKeyId) + " is a key\n"), ElementsAre(Key(0)));
}

TEST_F(ScanTest, MatchAtBufferEnd) {
  const std::string text = std::string("id=") + kKeyId;
  EXPECT_THAT(Scan(text), ElementsAre(Key(3)));
  EXPECT_EQ(std::get<2>(Scan(text)[0]), text.size());
}

TEST_F(ScanTest, WholeBufferIsTheKey) { EXPECT_THAT(Scan(kKeyId), ElementsAre(Key(0))); }

TEST_F(ScanTest, SeveralKeysOnOneLineSeparatedByCommas) {
  const std::string text = std::string(kKeyId) + "," + kKeyId2 + "," + kKeyId3 + "\n";
  EXPECT_THAT(Scan(text), ElementsAre(Key(0), Key(21), Key(42)));
}

TEST_F(ScanTest, KeyInsideLongerBase64RunIsRejected) {
  const std::string key = kKeyId;
  for (const std::string& text : {"x" + key, key + "x", "+" + key, key + "/", "0" + key, key + "9",
                                  "data:image/png;base64,iVBORw0KGgo" + key + "AAAANSUhEUgAAAAE"}) {
    EXPECT_THAT(Scan(text), IsEmpty()) << text;
  }
}

TEST_F(ScanTest, NonBase64NeighboursAreBoundaries) {
  const std::string key = kKeyId;
  for (const std::string& text :
       {"=" + key, "\"" + key + "\"", "'" + key + "'", "-" + key + "-", "_" + key + "_",
        ":" + key + ".", "\t" + key + "\r\n", std::string("\0", 1) + key + std::string("\0", 1),
        "\xff" + key + "\x80"}) {
    EXPECT_THAT(Scan(text), ElementsAre(Key(1))) << text;
  }
}

TEST_F(ScanTest, AdjacentKeysWithoutSeparatorAreOneToken) {
  // Each key continues into the other, and so does every shifted match in between.
  EXPECT_THAT(Scan(std::string(kKeyId) + kKeyId2), IsEmpty());
  EXPECT_THAT(Scan(std::string("AKIA") + kKeyId), IsEmpty());
}

TEST_F(ScanTest, SecretGroupOffsets) {
  const std::string text = std::string("[default]\n  secret_key =\t") + kSecret + "\n";
  const uint64_t begin = text.find("secret_key");
  const uint64_t secret = text.find(kSecret);
  EXPECT_THAT(Scan(text), ElementsAre(M{1, begin, secret + 40, secret, secret + 40}));
}

TEST_F(ScanTest, SecretGroupBoundaryIsCheckedOnTheSecretNotTheMatch) {
  // The secret is followed by more base64, so it is part of a longer token.
  EXPECT_THAT(Scan(std::string("secret_key = ") + kSecret + "XYZ"), IsEmpty());
  // A 40-character secret preceded by a base64 character inside the match is still bounded by
  // the '=' and ' ' before it.
  EXPECT_THAT(Scan(std::string("secret_key=") + kSecret), ElementsAre(M{1, 0, 51, 11, 51}));
}

TEST_F(ScanTest, ResultsSortedBySecretOffsetThenRule) {
  const std::string text = std::string("secret_key = ") + kSecret + "\nid = " + kKeyId2 +
                           "\nsecret_key=" + kSecret2 + " " + kKeyId + "\n";
  const auto got = Scan(text);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(std::get<0>(got[0]), 1u);
  EXPECT_EQ(std::get<3>(got[0]), text.find(kSecret));
  EXPECT_EQ(got[1], Key(text.find(kKeyId2)));
  EXPECT_EQ(std::get<0>(got[2]), 1u);
  EXPECT_EQ(std::get<3>(got[2]), text.find(kSecret2));
  EXPECT_EQ(got[3], Key(text.find(kKeyId)));
}

TEST_F(ScanTest, OutputIsReplacedNotAppended) {
  ASSERT_NE(db_, nullptr);
  Scanner scanner(db_);
  std::vector<Match> out(3);
  ASSERT_TRUE(scanner.Scan(kKeyId, &out).ok());
  EXPECT_EQ(out.size(), 1u);
  ASSERT_TRUE(scanner.Scan("clean", &out).ok());
  EXPECT_TRUE(out.empty());
  // The same Scanner can be reused for another buffer.
  ASSERT_TRUE(scanner.Scan(std::string(kKeyId2) + " " + kKeyId, &out).ok());
  EXPECT_EQ(out.size(), 2u);
}

TEST_F(ScanTest, KeysOnManyLinesOfALargeBuffer) {
  std::string text;
  std::vector<M> expected;
  for (int i = 0; i < 200; ++i) {
    text += "line " + std::to_string(i) + " filler filler filler ";
    if (i % 7 == 0) {
      expected.push_back(Key(text.size()));
      text += kKeyId;
    }
    text += "\n";
  }
  EXPECT_EQ(Scan(text), expected);
}

// --- Filters through the scanner ----------------------------------------------------------------

TEST_F(ScanTest, EntropyFilterRejectsLowEntropySecret) {
  // Two character classes, so only entropy can reject it.
  std::string low;
  for (int i = 0; i < 19; ++i) low += "ab";
  low += "A1";
  ASSERT_EQ(low.size(), 40u);
  EXPECT_THAT(Scan("secret_key = " + low), IsEmpty());
  EXPECT_FALSE(PassesSecretFilters(SecretRule().filters, low));
}

TEST_F(ScanTest, CharClassFilterRejectsSingleClassSecret) {
  // High entropy (≈4.6 bits) but lowercase only.
  const std::string lower = "qwhxzmvbjkeplrtuyagsdfcionwqerzxvmbnlkjh";
  ASSERT_GT(ShannonEntropy(lower), 3.5);
  EXPECT_THAT(Scan("secret_key = " + lower), IsEmpty());
}

TEST_F(ScanTest, HexFilterRejectsGitSha) {
  // Passes entropy (≈3.6) and character classes (lower + digit): only reject_hex stops it.
  EXPECT_THAT(Scan(std::string("secret_key = ") + kGitSha), IsEmpty());
  std::string why;
  EXPECT_FALSE(PassesSecretFilters(SecretRule().filters, kGitSha, &why));
  EXPECT_EQ(why, "hex-only");
}

TEST_F(ScanTest, RealLookingSecretPassesAllFilters) {
  EXPECT_THAT(Scan(std::string("secret_key = ") + kSecret2 + "\n"), testing::SizeIs(1));
}

// --- Windows ------------------------------------------------------------------------------------

class WindowTest : public ScanTest {};

TEST_F(WindowTest, LongMatchStartsFarBeforeItsCandidateEnd) {
  auto db = MustCompile({MakeRule("block", "BEGIN[a-z ]{0,300}END")});
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(db->MaxWidth(0), 308u);
  const std::string body(290, 'q');
  const std::string text = "xx BEGIN" + body + "END yy";
  EXPECT_THAT(ScanWith(db, text), ElementsAre(M{0, 3, 301, 3, 301}));
}

TEST_F(WindowTest, MergedWindowsFindBothMatches) {
  // The second candidate's window [end - 105, end) starts inside the first match, so the two
  // windows merge; RE2 must still report the first match from its true start.
  auto db = MustCompile({MakeRule("kv", "KEY=([a-z]{10,100});", 1)});
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(db->MaxWidth(0), 105u);
  const std::string first = "KEY=" + std::string(90, 'k') + ";";
  const std::string second = "KEY=" + std::string(10, 'm') + ";";
  const std::string text = first + "  " + second;
  const uint64_t at2 = first.size() + 2;
  EXPECT_THAT(ScanWith(db, text),
              ElementsAre(M{0, 0, 95, 4, 94}, M{0, at2, at2 + 15, at2 + 4, at2 + 14}));
}

TEST_F(WindowTest, SeparateWindowsFarApart) {
  auto db = MustCompile({MakeRule("kv", "KEY=([a-z]{10,100});", 1)});
  ASSERT_NE(db, nullptr);
  const std::string first = "KEY=" + std::string(100, 'a') + ";";
  const std::string filler(3000, '.');
  const std::string second = "KEY=" + std::string(50, 'b') + ";";
  const std::string text = first + filler + second;
  const uint64_t at2 = first.size() + filler.size();
  EXPECT_THAT(ScanWith(db, text),
              ElementsAre(M{0, 0, 105, 4, 104}, M{0, at2, at2 + 55, at2 + 4, at2 + 54}));
}

TEST_F(WindowTest, GreedyMatchIsReportedOnce) {
  // Hyperscan reports an end after each of the digits 3..7; RE2 returns the one longest match.
  auto db = MustCompile({MakeRule("tok", "tok[0-9]{3,7}")});
  ASSERT_NE(db, nullptr);
  EXPECT_THAT(ScanWith(db, "tok12345678"), ElementsAre(M{0, 0, 10, 0, 10}));
}

TEST_F(WindowTest, OverlappingCandidateAfterRejectedMatch) {
  // "ABCDEFGH" fails min_char_classes; the overlapping "BCDEFGH2" one byte later passes.
  Rule r = MakeRule("eight", "[A-Z2-7]{8}");
  r.filters.min_char_classes = 2;
  auto db = MustCompile({r});
  ASSERT_NE(db, nullptr);
  EXPECT_THAT(ScanWith(db, "ABCDEFGH2"), ElementsAre(M{0, 1, 9, 1, 9}));
}

TEST_F(WindowTest, AcceptedMatchesDoNotOverlap) {
  auto db = MustCompile({MakeRule("akia", "AKIA[A-Z2-7]{16}")});
  ASSERT_NE(db, nullptr);
  // Matches start at 0 and at 4; the first is reported and the overlapping one is not.
  EXPECT_THAT(ScanWith(db, "AKIAAKIAZZZZZZZZZZZZZZZZ"), ElementsAre(M{0, 0, 20, 0, 20}));
}

TEST_F(WindowTest, SameSecretOffsetOrderedByRule) {
  auto db =
      MustCompile({MakeRule("before", "x([A-Z]{4})", 1), MakeRule("after", "([A-Z]{4})y", 1)});
  ASSERT_NE(db, nullptr);
  // Grouping by rule inside Scan() would put every "before" match first without the final sort.
  EXPECT_THAT(
      ScanWith(db, "xABCDy QRSTy xWXYZ"),
      ElementsAre(M{0, 0, 5, 1, 5}, M{1, 1, 6, 1, 5}, M{1, 7, 12, 7, 11}, M{0, 13, 18, 14, 18}));
}

TEST_F(WindowTest, EmptySecretGroupIsNotReported) {
  auto db = MustCompile({MakeRule("opt", "tok:([a-z]*)", 1)});
  ASSERT_NE(db, nullptr);
  EXPECT_THAT(ScanWith(db, "tok: tok:abc"), ElementsAre(M{0, 5, 12, 9, 12}));
}

TEST_F(WindowTest, LineAnchorInsideBuffer) {
  auto db = MustCompile({MakeRule("anchored", "^token=([A-Za-z0-9]{12})", 1)});
  ASSERT_NE(db, nullptr);
  const std::string text = "xx token=abcdefghijkl\ntoken=mnopqrstuvwx\n";
  EXPECT_THAT(ScanWith(db, text), ElementsAre(M{0, 22, 40, 28, 40}));
}

TEST_F(WindowTest, AssertionsSeeTheBytesBeforeTheWindow) {
  // The window for the candidate "tokzabc" starts at the 't', right after an 'a'. RE2 must see
  // that 'a' (so \b fails and the second alternative matches); if it treated the window start as
  // the start of the text, \b would hold and group 1 would be reported instead.
  Rule r = MakeRule("assert", "\\b(tok[a-z]{4})|tok(z[a-z]{3})");
  r.secret_groups = {1, 2};
  auto db = MustCompile({r});
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(db->MaxWidth(0), 7u);
  EXPECT_THAT(ScanWith(db, "atokzabc"), ElementsAre(M{0, 1, 8, 4, 8}));
  EXPECT_THAT(ScanWith(db, " tokzabc"), ElementsAre(M{0, 1, 8, 1, 8}));
}

TEST_F(WindowTest, ConfirmOnlySearchesTheGivenRange) {
  ASSERT_NE(db_, nullptr);
  Scanner scanner(db_);
  const std::string text = std::string(kKeyId) + " " + kKeyId2;
  std::vector<Match> out;
  scanner.Confirm(0, text, 21, text.size(), &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].begin, 21u);
  out.clear();
  scanner.Confirm(0, text, 0, 19, &out);  // too short to hold a key
  EXPECT_TRUE(out.empty());
}

// --- Filter functions ---------------------------------------------------------------------------

TEST(PassesBoundaryTest, NoneAlwaysPasses) {
  EXPECT_TRUE(PassesBoundary(Boundary::kNone, "xabcx", 1, 4));
}

TEST(PassesBoundaryTest, WordBoundary) {
  EXPECT_FALSE(PassesBoundary(Boundary::kWord, "xabc", 1, 4));
  EXPECT_FALSE(PassesBoundary(Boundary::kWord, "_abc", 1, 4));
  EXPECT_FALSE(PassesBoundary(Boundary::kWord, "abc9", 0, 3));
  EXPECT_TRUE(PassesBoundary(Boundary::kWord, "+abc/", 1, 4));
  EXPECT_TRUE(PassesBoundary(Boundary::kWord, "abc", 0, 3));
}

TEST(PassesBoundaryTest, Base64Boundary) {
  EXPECT_FALSE(PassesBoundary(Boundary::kBase64, "+abc", 1, 4));
  EXPECT_FALSE(PassesBoundary(Boundary::kBase64, "abc/", 0, 3));
  EXPECT_FALSE(PassesBoundary(Boundary::kBase64, "Zabc", 1, 4));
  EXPECT_TRUE(PassesBoundary(Boundary::kBase64, "_abc-", 1, 4));
  EXPECT_TRUE(PassesBoundary(Boundary::kBase64, "=abc=", 1, 4));
  EXPECT_TRUE(PassesBoundary(Boundary::kBase64, "abc", 0, 3));
}

TEST(PassesSecretFiltersTest, ExplainsEachRejection) {
  RuleFilters f;
  f.min_entropy = 3.5;
  std::string why;
  EXPECT_FALSE(PassesSecretFilters(f, "aaaaaaaa", &why));
  EXPECT_EQ(why, "entropy 0.00 < 3.50");

  RuleFilters classes;
  classes.min_char_classes = 3;
  EXPECT_FALSE(PassesSecretFilters(classes, "abcDEF", &why));
  EXPECT_EQ(why, "fewer than 3 character classes");
  EXPECT_TRUE(PassesSecretFilters(classes, "abcDEF1"));

  RuleFilters hex;
  hex.reject_hex = true;
  EXPECT_FALSE(PassesSecretFilters(hex, "deadBEEF01", &why));
  EXPECT_EQ(why, "hex-only");
  EXPECT_TRUE(PassesSecretFilters(hex, "deadBEEF0g"));

  EXPECT_TRUE(PassesSecretFilters(RuleFilters{}, "a"));  // no filters, no rejection
}

// --- CheckRuleExamples --------------------------------------------------------------------------

RuleCheckReport Check(std::vector<Rule> rules) {
  auto db = MustCompile(std::move(rules));
  if (db == nullptr) return {};
  Scanner scanner(db);
  return CheckRuleExamples(scanner);
}

TEST(CheckRuleExamplesTest, GoodRulesPass) {
  const RuleCheckReport report = Check({KeyIdRule(), SecretRule()});
  EXPECT_THAT(report.failures, IsEmpty());
  EXPECT_EQ(report.rules, 2u);
  EXPECT_EQ(report.examples, 3u);
  EXPECT_EQ(report.negative_examples, 3u);
}

TEST(CheckRuleExamplesTest, ExampleThatDoesNotMatch) {
  Rule r = KeyIdRule();
  r.examples = {kKeyId, "no key in this example"};
  const RuleCheckReport report = Check({SecretRule(), r});
  EXPECT_THAT(report.failures,
              UnorderedElementsAre("scan.yaml:3: rule key-id: example 2: Hyperscan finds no "
                                   "candidate",
                                   "scan.yaml:3: rule key-id: example 2: RE2 finds no match"));
}

TEST(CheckRuleExamplesTest, NegativeExampleThatMatches) {
  Rule r = SecretRule();
  r.negative_examples = {"nothing", std::string("secret_key = ") + kSecret2};
  const RuleCheckReport report = Check({KeyIdRule(), r});
  EXPECT_THAT(report.failures,
              ElementsAre("scan.yaml:3: rule secret: negative example 2 is reported as a finding"));
}

TEST(CheckRuleExamplesTest, ExampleRejectedByFilterSaysWhy) {
  Rule r = SecretRule();
  r.examples = {std::string("secret_key = ") + kGitSha};
  const RuleCheckReport report = Check({r});
  EXPECT_THAT(report.failures,
              ElementsAre("scan.yaml:3: rule secret: example 1: not reported (hex-only)"));
}

TEST(CheckRuleExamplesTest, ExampleRejectedByBoundarySaysWhy) {
  Rule r = KeyIdRule();
  r.examples = {std::string("x") + kKeyId};
  const RuleCheckReport report = Check({r});
  EXPECT_THAT(report.failures,
              ElementsAre("scan.yaml:3: rule key-id: example 1: not reported (base64 boundary)"));
}

TEST(CheckRuleExamplesTest, FailuresNameOnlyTheFailingRule) {
  Rule bad = KeyIdRule();
  bad.id = "bad-rule";
  bad.examples = {"nope"};
  bad.negative_examples = {kKeyId};
  const RuleCheckReport report = Check({SecretRule(), bad});
  ASSERT_EQ(report.failures.size(), 3u);
  for (const std::string& f : report.failures) {
    EXPECT_THAT(f, ::testing::StartsWith("scan.yaml:3: rule bad-rule: ")) << f;
  }
}

// --- Built-in rules -----------------------------------------------------------------------------

RuleSet BuiltinRules() {
  std::vector<RuleSource> sources;
  for (const builtin::File& f : builtin::RuleFiles()) {
    sources.push_back(RuleSource{std::string(f.name), std::string(f.text)});
  }
  auto rules = LoadRules(sources);
  if (!rules.ok()) {
    ADD_FAILURE() << rules.error().message;
    return RuleSet();
  }
  return std::move(rules).value();
}

TEST(BuiltinRulesTest, LoadAndMatchTheEmbeddedDigest) {
  ASSERT_FALSE(builtin::RuleFiles().empty());
  for (const builtin::File& f : builtin::RuleFiles()) {
    EXPECT_THAT(std::string(f.name), ::testing::StartsWith("patterns/"));
  }
  const RuleSet rules = BuiltinRules();
  EXPECT_GT(rules.size(), 0u);
  EXPECT_EQ(rules.digest(), builtin::RulesDigest());
}

// Runs use builtin::Rules() (C++ data generated at build time) instead of parsing the YAML; both
// must be the very same rules, or the known digest would lie about them.
TEST(BuiltinRulesTest, GeneratedRulesEqualTheParsedYaml) {
  const RuleSet parsed = BuiltinRules();
  const std::vector<Rule> generated = builtin::Rules();
  ASSERT_EQ(generated.size(), parsed.size());
  for (size_t i = 0; i < generated.size(); ++i) {
    EXPECT_TRUE(generated[i] == parsed[i]) << "rule " << parsed[i].id << " differs";
    EXPECT_FALSE(generated[i].examples.empty()) << parsed[i].id;
  }
  EXPECT_EQ(RuleSet(builtin::Rules()).digest(), builtin::RulesDigest());
}

TEST(BuiltinRulesTest, ExtraRulesCannotReuseABuiltinId) {
  const std::string text =
      "rules:\n  - id: aws-access-key-id\n    name: again\n    description: d\n"
      "    pattern: 'AKIA[A-Z0-9]{16}'\n    severity: high\n    playbook: p\n"
      "    references: [r]\n    examples: [AKIAIOSFODNN7EXAMPLE]\n    negative_examples: [x]\n";
  auto rules = LoadRules(builtin::Rules(), {RuleSource{"extra.yaml", text}});
  ASSERT_FALSE(rules.ok());
  EXPECT_THAT(rules.error().message, ::testing::HasSubstr("extra.yaml:2: rule aws-access-key-id: "
                                                          "duplicate id (first defined at "
                                                          "patterns/credentials.yaml:"));
}

TEST(BuiltinRulesTest, RegexesAreBuiltOnceAndSharedAcrossThreads) {
  auto db = PatternDb::Deserialize(BuiltinRules(), builtin::SerializedDatabase());
  ASSERT_TRUE(db.ok()) << db.error().message;
  const re2::RE2* seen[2] = {nullptr, nullptr};
  std::thread a([&] { seen[0] = &db.value()->Regex(0); });
  std::thread b([&] { seen[1] = &db.value()->Regex(0); });
  a.join();
  b.join();
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_TRUE(seen[0]->ok());
  EXPECT_EQ(seen[0]->pattern(), "(?m)" + db.value()->rules()[0].pattern);
}

TEST(BuiltinRulesTest, SerializedDatabaseDeserializes) {
  auto db = PatternDb::Deserialize(BuiltinRules(), builtin::SerializedDatabase());
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ(db.value()->rules().digest(), builtin::RulesDigest());
}

TEST(BuiltinRulesTest, ExamplesAllPass) {
  auto db = PatternDb::Deserialize(BuiltinRules(), builtin::SerializedDatabase());
  ASSERT_TRUE(db.ok()) << db.error().message;
  Scanner scanner(std::move(db).value());
  const RuleCheckReport report = CheckRuleExamples(scanner);
  EXPECT_THAT(report.failures, IsEmpty());
  EXPECT_EQ(report.rules, BuiltinRules().size());
  EXPECT_GT(report.examples, 0u);
  EXPECT_GT(report.negative_examples, 0u);
}

TEST(BuiltinRulesTest, FindsKeyPairInCredentialsFile) {
  auto db = PatternDb::Deserialize(BuiltinRules(), builtin::SerializedDatabase());
  ASSERT_TRUE(db.ok()) << db.error().message;
  const RuleSet& rules = db.value()->rules();
  Scanner scanner(std::move(db).value());
  const std::string text = std::string("[default]\naws_access_key_id = ") + kKeyId +
                           "\naws_secret_access_key = " + kSecret + "\n";
  std::vector<Match> matches;
  ASSERT_TRUE(scanner.Scan(text, &matches).ok());
  std::vector<std::pair<std::string, std::string>> got;
  for (const Match& m : matches) {
    got.emplace_back(rules[m.rule].id, text.substr(m.secret_begin, m.secret_end - m.secret_begin));
  }
  EXPECT_THAT(
      got, ::testing::Contains(std::pair<std::string, std::string>{"aws-access-key-id", kKeyId}));
  EXPECT_THAT(got, ::testing::Contains(
                       std::pair<std::string, std::string>{"aws-secret-access-key", kSecret}));
}

}  // namespace
}  // namespace ks
