// Unit tests for src/findings: Secret redaction, fingerprints and FindingBuilder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "aws/canaries.h"
#include "engine/pattern_db.h"
#include "findings/finding.h"
#include "findings/finding_builder.h"
#include "findings/secret.h"
#include "rules/rule_set.h"
#include "scan/match.h"
#include "scan/scanner.h"
#include "source/blob.h"
#include "util/sha256.h"

namespace ks {
namespace {

constexpr char kKeyId[] = "AKIARZPUZDIKPFJONNBY";     // account 123456789012
constexpr char kKeyId2[] = "ASIATCH6YDSYWITJ4DJX";    // account 210987654321
constexpr char kOldKeyId[] = "AKIAIOSFODNN7EXAMPLE";  // no account in its bits
constexpr char kSecret[] = "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";
constexpr char kEllipsis[] = "\u2026";

// --- Secret ---------------------------------------------------------------------------------

TEST(SecretTest, RedactedShowsFourBytesOfALongSecretAndEllipsis) {
  EXPECT_EQ(Secret(kKeyId).Redacted(), std::string("AKIA") + kEllipsis);
  EXPECT_EQ(Secret(kSecret).Redacted(), std::string("MuHb") + kEllipsis);
  EXPECT_EQ(Secret(std::string(20, 'x')).Redacted(), std::string("xxxx") + kEllipsis);
  EXPECT_EQ(Secret(std::string(40, 'y')).Redacted(), std::string("yyyy") + kEllipsis);
}

TEST(SecretTest, RedactedShowsNothingOfAShortSecretNotEvenItsLength) {
  for (size_t n : {0u, 1u, 4u, 8u, 19u}) {
    EXPECT_EQ(Secret(std::string(n, 'z')).Redacted(), kEllipsis) << n;
  }
  EXPECT_EQ(Secret("abcdefghijklmnopqrs").Redacted(), kEllipsis);  // 19 bytes
}

TEST(SecretTest, RedactedNeverContainsTheSecret) {
  for (const std::string s : {kKeyId, kSecret, "12345", "abcd", "Zq8nR2xW"}) {
    EXPECT_EQ(Secret(s).Redacted().find(s), std::string::npos) << s;
  }
}

TEST(SecretTest, RevealSizeAndComparison) {
  const Secret a(kKeyId);
  EXPECT_EQ(a.Reveal(), kKeyId);
  EXPECT_EQ(a.size(), 20u);
  EXPECT_EQ(a, Secret(kKeyId));
  EXPECT_NE(a, Secret(kKeyId2));
  EXPECT_LT(Secret("a"), Secret("b"));
  EXPECT_EQ(Secret().size(), 0u);
}

// --- Fingerprint ------------------------------------------------------------------------------

TEST(FingerprintTest, StableHex) {
  const std::string fp = Fingerprint("aws-access-key-id", Secret(kKeyId));
  EXPECT_EQ(fp.size(), 64u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(fp, Fingerprint("aws-access-key-id", Secret(kKeyId)));
}

TEST(FingerprintTest, DiffersByRuleAndBySecret) {
  const std::string fp = Fingerprint("aws-access-key-id", Secret(kKeyId));
  EXPECT_NE(fp, Fingerprint("other-rule", Secret(kKeyId)));
  EXPECT_NE(fp, Fingerprint("aws-access-key-id", Secret(kKeyId2)));
  // Length-prefixed fields: moving bytes between rule id and secret changes the fingerprint.
  EXPECT_NE(Fingerprint("ab", Secret("c")), Fingerprint("a", Secret("bc")));
}

// SHA-256 of the length-prefixed fields, as fingerprints were before short secrets got scrypt.
std::string FingerprintV1(std::string_view rule, std::string_view secret) {
  return Sha256().UpdateField("keysweep-fp-v1").UpdateField(rule).UpdateField(secret).HexDigest();
}

TEST(FingerprintTest, LongSecretsKeepTheV1Sha256SoBaselinesStayValid) {
  // The value README's baseline example shows; any change would invalidate users' baselines.
  EXPECT_EQ(Fingerprint("aws-access-key-id", Secret(kKeyId)),
            "40e887810f4025f5573fb96c7acfe819952ce2007098392f37d8dfa45d27b74f");
  EXPECT_EQ(Fingerprint("aws-secret-access-key", Secret(kSecret)),
            FingerprintV1("aws-secret-access-key", kSecret));
  const std::string twenty(20, 'q');
  EXPECT_EQ(Fingerprint("custom", Secret(twenty)), FingerprintV1("custom", twenty));
}

TEST(FingerprintTest, ShortSecretsUseScryptWithTheDocumentedSalt) {
  // scrypt(P = secret, S = "keysweep-fp-v2:" + rule id, N = 2^15, r = 8, p = 1, 32 bytes), as
  // Python's hashlib.scrypt computes it: the same on every machine and every run.
  const std::string fp = Fingerprint("test-token", Secret("Zq8nR2xW"));
  EXPECT_EQ(fp, "48babf06ea720cc3462db71598ca016c8decdea06cc10daa508a956fd281d06c");
  EXPECT_EQ(fp, Fingerprint("test-token", Secret("Zq8nR2xW")));  // from the memo now
  EXPECT_NE(fp, FingerprintV1("test-token", "Zq8nR2xW"));
  EXPECT_NE(fp, Sha256Hex("Zq8nR2xW"));
  EXPECT_NE(fp, Fingerprint("other-token", Secret("Zq8nR2xW")));
  const std::string nineteen(19, 'q');
  EXPECT_NE(Fingerprint("custom", Secret(nineteen)), FingerprintV1("custom", nineteen));
  EXPECT_EQ(Fingerprint("custom", Secret(nineteen)).size(), 64u);
}

TEST(FingerprintTest, ARecurringShortSecretIsDerivedOnce) {
  // 1,000 uncached scrypt runs would take most of a minute; memoised they take one run.
  const auto start = std::chrono::steady_clock::now();
  const std::string first = Fingerprint("recurring", Secret("r3cur5!"));
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(Fingerprint("recurring", Secret("r3cur5!")), first);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(FingerprintTest, ThreadsAskingForTheSameNewSecretAllGetItsFingerprint) {
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (std::string& g : got) {
    threads.emplace_back([&g] { g = Fingerprint("threads", Secret("s4me-new")); });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& g : got) EXPECT_EQ(g, got[0]);
  EXPECT_EQ(got[0].size(), 64u);
  EXPECT_EQ(got[0], Fingerprint("threads", Secret("s4me-new")));
  EXPECT_NE(got[0], FingerprintV1("threads", "s4me-new"));
}

// --- FindingBuilder -----------------------------------------------------------------------------

Rule MakeRule(const std::string& id, const std::string& pattern, int group, Severity severity,
              const std::string& playbook) {
  Rule r;
  r.id = id;
  r.name = id;
  r.pattern = pattern;
  r.secret_groups = {group};
  r.severity = severity;
  r.playbook = playbook;
  r.filters.boundary = Boundary::kBase64;
  return r;
}

RuleSet TestRules() {
  return RuleSet({MakeRule("aws-access-key-id", "((?:AKIA|ASIA)[A-Z2-7]{16})", 1, Severity::kHigh,
                           "aws-access-key"),
                  MakeRule("aws-secret-access-key", "secret\\s*=\\s*([A-Za-z0-9/+]{40})", 1,
                           Severity::kCritical, "aws-secret-playbook")});
}

const aws::CanaryAccounts& NoCanaries() {
  static const aws::CanaryAccounts kNone = aws::CanaryAccounts::Parse("");
  return kNone;
}

Match MatchAt(uint32_t rule, uint64_t begin, uint64_t end, uint64_t sb, uint64_t se) {
  Match m;
  m.rule = rule;
  m.begin = begin;
  m.end = end;
  m.secret_begin = sb;
  m.secret_end = se;
  return m;
}

TEST(FindingBuilderTest, FillsFieldsForAccessKeyId) {
  const RuleSet rules = TestRules();
  const std::string text = std::string("[default]\r\nid = ") + kKeyId + "\n";
  const uint64_t at = text.find(kKeyId);
  Blob blob{text, "config/credentials", SourceKind::kFile, ""};
  std::vector<Finding> out;
  FindingBuilder(rules, NoCanaries()).Build(blob, {MatchAt(0, at, at + 20, at, at + 20)}, &out);
  ASSERT_EQ(out.size(), 1u);
  const Finding& f = out[0];
  EXPECT_EQ(f.rule, "aws-access-key-id");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.playbook, "aws-access-key");
  EXPECT_EQ(f.secret.Reveal(), kKeyId);
  EXPECT_EQ(f.fingerprint, Fingerprint("aws-access-key-id", Secret(kKeyId)));
  EXPECT_EQ(f.key_id, kKeyId);
  EXPECT_EQ(f.account_id, "123456789012");
  EXPECT_EQ(f.source, SourceKind::kFile);
  EXPECT_EQ(f.path, "config/credentials");
  EXPECT_EQ(f.line, 2u);
  EXPECT_EQ(f.column, 6u);
  EXPECT_EQ(f.blob, std::nullopt);
  EXPECT_EQ(f.commit, std::nullopt);
  EXPECT_EQ(f.author, std::nullopt);
  EXPECT_EQ(f.email, std::nullopt);
  EXPECT_EQ(f.date, std::nullopt);
  EXPECT_EQ(f.verification.status, verify::Status::kNotChecked);
}

TEST(FindingBuilderTest, SecretKeyHasNoKeyIdOrAccount) {
  const RuleSet rules = TestRules();
  const std::string text = std::string("secret = ") + kSecret;
  Blob blob{text, "a.ini", SourceKind::kStdin, ""};
  std::vector<Finding> out;
  FindingBuilder(rules, NoCanaries())
      .Build(blob, {MatchAt(1, 0, text.size(), 9, text.size())}, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule, "aws-secret-access-key");
  EXPECT_EQ(out[0].severity, Severity::kCritical);
  EXPECT_EQ(out[0].secret.Reveal(), kSecret);
  EXPECT_EQ(out[0].key_id, std::nullopt);
  EXPECT_EQ(out[0].account_id, std::nullopt);
  EXPECT_EQ(out[0].source, SourceKind::kStdin);
  // Line and column are those of the secret, not of the whole match.
  EXPECT_EQ(out[0].line, 1u);
  EXPECT_EQ(out[0].column, 10u);
}

TEST(FindingBuilderTest, OldKeyIdHasKeyButNoAccount) {
  const RuleSet rules = TestRules();
  const std::string text = kOldKeyId;
  Blob blob{text, "x", SourceKind::kFile, ""};
  std::vector<Finding> out;
  FindingBuilder(rules, NoCanaries()).Build(blob, {MatchAt(0, 0, 20, 0, 20)}, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key_id, kOldKeyId);
  EXPECT_EQ(out[0].account_id, std::nullopt);
}

TEST(FindingBuilderTest, ColumnsCountBytes) {
  const RuleSet rules = TestRules();
  // "é" is two bytes and a tab is one: the key starts at byte 4 of line 1.
  const std::string text = std::string("\xc3\xa9\t") + kKeyId2;
  Blob blob{text, "x", SourceKind::kFile, ""};
  std::vector<Finding> out;
  FindingBuilder(rules, NoCanaries()).Build(blob, {MatchAt(0, 3, 23, 3, 23)}, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].line, 1u);
  EXPECT_EQ(out[0].column, 4u);
  EXPECT_EQ(out[0].account_id, "210987654321");
}

TEST(FindingBuilderTest, BlobOidAndSourceKindWhenSet) {
  const RuleSet rules = TestRules();
  const std::string text = kKeyId;
  const std::string oid = "0123456789abcdef0123456789abcdef01234567";
  Blob blob{text, "src/app.py", SourceKind::kHistory, oid};
  std::vector<Finding> out;
  FindingBuilder(rules, NoCanaries()).Build(blob, {MatchAt(0, 0, 20, 0, 20)}, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].blob, oid);
  EXPECT_EQ(out[0].source, SourceKind::kHistory);
  EXPECT_EQ(out[0].path, "src/app.py");
}

TEST(FindingBuilderTest, ManyMatchesInOrderAcrossLinesAndAppends) {
  const RuleSet rules = TestRules();
  const std::string text =
      std::string("a\n") + kKeyId + "\n\n  secret = " + kSecret + "\r\n\t" + kKeyId2 + "\n";
  const uint64_t k1 = text.find(kKeyId), s = text.find(kSecret), k2 = text.find(kKeyId2);
  Blob blob{text, "f", SourceKind::kStaged, ""};
  std::vector<Finding> out(1);  // Build appends
  FindingBuilder(rules, NoCanaries())
      .Build(
          blob,
          {MatchAt(0, k1, k1 + 20, k1, k1 + 20), MatchAt(1, text.find("secret"), s + 40, s, s + 40),
           MatchAt(0, k2, k2 + 20, k2, k2 + 20)},
          &out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[1].line, 2u);
  EXPECT_EQ(out[1].column, 1u);
  EXPECT_EQ(out[2].line, 4u);
  EXPECT_EQ(out[2].column, 12u);
  EXPECT_EQ(out[3].line, 5u);
  EXPECT_EQ(out[3].column, 2u);
  EXPECT_EQ(out[3].source, SourceKind::kStaged);
}

TEST(FindingBuilderTest, FingerprintIndependentOfPathAndPosition) {
  const RuleSet rules = TestRules();
  const std::string a = kKeyId;
  const std::string b = std::string("\n\n   ") + kKeyId;
  std::vector<Finding> out;
  FindingBuilder(rules, NoCanaries())
      .Build(Blob{a, "one/path", SourceKind::kFile, ""}, {MatchAt(0, 0, 20, 0, 20)}, &out);
  FindingBuilder(rules, NoCanaries())
      .Build(Blob{b, "another/path", SourceKind::kHistory, "abc"}, {MatchAt(0, 5, 25, 5, 25)},
             &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].fingerprint, out[1].fingerprint);
  EXPECT_NE(out[0].line, out[1].line);
}

TEST(FindingBuilderTest, WorksOnScannerOutput) {
  auto db = PatternDb::Compile(TestRules());
  ASSERT_TRUE(db.ok()) << db.error().message;
  Scanner scanner(db.value());
  const std::string text =
      std::string("export AWS_ACCESS_KEY_ID=") + kKeyId + "\nexport secret=" + kSecret + "\n";
  std::vector<Match> matches;
  ASSERT_TRUE(scanner.Scan(text, &matches).ok());
  std::vector<Finding> out;
  FindingBuilder(db.value()->rules(), NoCanaries())
      .Build(Blob{text, "env.sh", SourceKind::kFile, ""}, matches, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].rule, "aws-access-key-id");
  EXPECT_EQ(out[0].line, 1u);
  EXPECT_EQ(out[0].column, 26u);
  EXPECT_EQ(out[1].rule, "aws-secret-access-key");
  EXPECT_EQ(out[1].secret.Reveal(), kSecret);
  EXPECT_EQ(out[1].line, 2u);
  EXPECT_EQ(out[1].column, 15u);
}

TEST(SourceKindTest, Names) {
  EXPECT_EQ(SourceKindName(SourceKind::kFile), "file");
  EXPECT_EQ(SourceKindName(SourceKind::kStdin), "stdin");
  EXPECT_EQ(SourceKindName(SourceKind::kStaged), "staged");
  EXPECT_EQ(SourceKindName(SourceKind::kHistory), "history");
}

}  // namespace
}  // namespace ks
