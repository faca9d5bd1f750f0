// Unit tests for src/report: JSON and text reporters, the reporter registry, the summary line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "findings/finding.h"
#include "report/json_reporter.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "report/text_reporter.h"

namespace ks {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKeyId[] = "AKIARZPUZDIKPFJONNBY";
constexpr char kSecret[] = "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";
constexpr char kEllipsis[] = "\u2026";

// The finding fields of the JSON format. Adding or removing a field is a format change: update
// this list (and the documentation) deliberately.
const std::set<std::string>& DocumentedFindingFields() {
  static const std::set<std::string> kFields = {
      "rule", "severity", "fingerprint", "secret", "key_id", "account_id", "source", "path", "line",
      "column", "commit", "author", "email", "date", "blob", "verification", "playbook",
      // Added with canary, example and SES support:
      "confidence", "example", "canary", "region", "derived_from_key_id"};
  return kFields;
}

// A key-ID finding from a plain file: no git fields.
Finding KeyIdFinding() {
  Finding f;
  f.rule = "aws-access-key-id";
  f.severity = Severity::kHigh;
  f.playbook = "aws-access-key";
  f.secret = Secret(kKeyId);
  f.fingerprint = Fingerprint(f.rule, f.secret);
  f.key_id = kKeyId;
  f.account_id = "123456789012";
  f.source = SourceKind::kFile;
  f.path = "config/credentials";
  f.line = 2;
  f.column = 21;
  return f;
}

// A secret-key finding from git history: every git field set, no key ID.
Finding SecretFinding() {
  Finding f;
  f.rule = "aws-secret-access-key";
  f.severity = Severity::kCritical;
  f.playbook = "aws-access-key";
  f.secret = Secret(kSecret);
  f.fingerprint = Fingerprint(f.rule, f.secret);
  f.source = SourceKind::kHistory;
  f.path = "app/settings.py";
  f.line = 14;
  f.column = 9;
  f.commit = "1234567890abcdef1234567890abcdef12345678";
  f.author = "Test Author";
  f.email = "author@example.com";
  f.date = "2024-01-02T03:04:05Z";
  f.blob = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";
  return f;
}

Summary SomeSummary() {
  Summary s;
  s.bytes_scanned = 123456;
  s.blobs_scanned = 7;
  s.commits_scanned = 3;
  s.findings = 2;
  s.skipped = 1;
  s.errors = 0;
  s.elapsed_ms = 42;
  return s;
}

std::string RunJson(const std::vector<Finding>& findings, ReportOptions opts = {}) {
  if (opts.version.empty()) opts.version = "9.8.7";
  std::ostringstream out;
  JsonReporter reporter(opts, out);
  for (const Finding& f : findings) reporter.OnFinding(f);
  reporter.Finish(SomeSummary());
  return out.str();
}

nlohmann::json Parse(const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "invalid JSON (" << e.what() << "):\n" << text;
    return nlohmann::json();
  }
}

std::set<std::string> Keys(const nlohmann::json& obj) {
  std::set<std::string> out;
  for (const auto& [k, v] : obj.items()) out.insert(k);
  return out;
}

// --- JSON ---------------------------------------------------------------------------------------

TEST(JsonReporterTest, TopLevelToolAndSummary) {
  const nlohmann::json doc = Parse(RunJson({}));
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(Keys(doc), (std::set<std::string>{"tool", "summary", "findings"}));
  EXPECT_EQ(doc["tool"]["name"], "keysweep");
  EXPECT_EQ(doc["tool"]["version"], "9.8.7");
  const nlohmann::json& s = doc["summary"];
  EXPECT_EQ(s["bytes_scanned"], 123456);
  EXPECT_EQ(s["blobs_scanned"], 7);
  EXPECT_EQ(s["commits_scanned"], 3);
  EXPECT_EQ(s["findings"], 2);
  EXPECT_EQ(s["elapsed_ms"], 42);
  EXPECT_EQ(s["skipped"], 1);
  EXPECT_EQ(s["errors"], 0);
  ASSERT_TRUE(doc["findings"].is_array());
  EXPECT_TRUE(doc["findings"].empty());
}

TEST(JsonReporterTest, FindingHasExactlyTheDocumentedFields) {
  const nlohmann::json doc = Parse(RunJson({KeyIdFinding(), SecretFinding()}));
  ASSERT_EQ(doc["findings"].size(), 2u);
  for (const nlohmann::json& f : doc["findings"]) {
    EXPECT_EQ(Keys(f), DocumentedFindingFields());
    EXPECT_EQ(Keys(f["verification"]), (std::set<std::string>{"status"}));
    EXPECT_EQ(f["verification"]["status"], "not_checked");
  }
}

TEST(JsonReporterTest, KeyIdFindingValuesAndNulls) {
  const nlohmann::json f = Parse(RunJson({KeyIdFinding()}))["findings"][0];
  EXPECT_EQ(f["rule"], "aws-access-key-id");
  EXPECT_EQ(f["severity"], "high");
  EXPECT_EQ(f["fingerprint"], Fingerprint("aws-access-key-id", Secret(kKeyId)));
  EXPECT_EQ(f["secret"], std::string("AKIA") + kEllipsis);
  EXPECT_EQ(f["key_id"], kKeyId);
  EXPECT_EQ(f["account_id"], "123456789012");
  EXPECT_EQ(f["source"], "file");
  EXPECT_EQ(f["path"], "config/credentials");
  EXPECT_EQ(f["line"], 2);
  EXPECT_EQ(f["column"], 21);
  EXPECT_EQ(f["playbook"], "aws-access-key");
  // Fields that do not apply are present and null, never absent.
  for (const char* name : {"commit", "author", "email", "date", "blob"}) {
    ASSERT_TRUE(f.contains(name)) << name;
    EXPECT_TRUE(f[name].is_null()) << name;
  }
}

TEST(JsonReporterTest, HistoryFindingValues) {
  const nlohmann::json f = Parse(RunJson({SecretFinding()}))["findings"][0];
  EXPECT_EQ(f["severity"], "critical");
  EXPECT_EQ(f["source"], "history");
  EXPECT_TRUE(f["key_id"].is_null());
  EXPECT_TRUE(f["account_id"].is_null());
  EXPECT_EQ(f["commit"], "1234567890abcdef1234567890abcdef12345678");
  EXPECT_EQ(f["author"], "Test Author");
  EXPECT_EQ(f["email"], "author@example.com");
  EXPECT_EQ(f["date"], "2024-01-02T03:04:05Z");
  EXPECT_EQ(f["blob"], "abcdefabcdefabcdefabcdefabcdefabcdefabcd");
}

TEST(JsonReporterTest, FindingsKeepTheirOrder) {
  const nlohmann::json doc = Parse(RunJson({SecretFinding(), KeyIdFinding(), SecretFinding()}));
  ASSERT_EQ(doc["findings"].size(), 3u);
  EXPECT_EQ(doc["findings"][0]["rule"], "aws-secret-access-key");
  EXPECT_EQ(doc["findings"][1]["rule"], "aws-access-key-id");
  EXPECT_EQ(doc["findings"][2]["rule"], "aws-secret-access-key");
}

TEST(JsonReporterTest, SecretsAreRedactedByDefault) {
  const std::string text = RunJson({SecretFinding()});
  EXPECT_THAT(text, Not(HasSubstr(kSecret)));
  EXPECT_EQ(Parse(text)["findings"][0]["secret"], std::string("MuHb") + kEllipsis);
}

TEST(JsonReporterTest, ShowSecretsRevealsThem) {
  ReportOptions opts;
  opts.show_secrets = true;
  const nlohmann::json doc = Parse(RunJson({SecretFinding(), KeyIdFinding()}, opts));
  EXPECT_EQ(doc["findings"][0]["secret"], kSecret);
  EXPECT_EQ(doc["findings"][1]["secret"], kKeyId);
}

TEST(JsonReporterTest, InvalidUtf8StillYieldsValidJson) {
  Finding f = SecretFinding();
  f.path = "dir/\xff\xfe-bad-\xc3.txt";
  f.author = "Ren\xe9";  // Latin-1, not UTF-8
  const std::string text = RunJson({f});
  const nlohmann::json doc = Parse(text);
  ASSERT_EQ(doc["findings"].size(), 1u);
  const std::string path = doc["findings"][0]["path"];
  EXPECT_THAT(path, HasSubstr("dir/"));
  EXPECT_THAT(path, HasSubstr("-bad-"));
  EXPECT_THAT(path, HasSubstr("\xef\xbf\xbd"));  // U+FFFD replaces the invalid bytes
  EXPECT_THAT(doc["findings"][0]["author"].get<std::string>(), ::testing::StartsWith("Ren"));
}

TEST(JsonReporterTest, ControlCharactersAreEscaped) {
  Finding f = SecretFinding();
  f.path = "a\nb\x1b[31m\"q\"";
  const std::string text = RunJson({f});
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));
  EXPECT_EQ(Parse(text)["findings"][0]["path"], "a\nb\x1b[31m\"q\"");
}

TEST(JsonReporterTest, MadeByFactory) {
  ReportOptions opts;
  opts.version = "1.2.3";
  std::ostringstream out;
  auto reporter = MakeReporter("json", opts, out);
  ASSERT_TRUE(reporter.ok()) << reporter.error().message;
  (*reporter)->OnFinding(KeyIdFinding());
  (*reporter)->Finish(SomeSummary());
  const nlohmann::json doc = Parse(out.str());
  EXPECT_EQ(doc["tool"]["version"], "1.2.3");
  EXPECT_EQ(doc["findings"].size(), 1u);
}

// --- Text ---------------------------------------------------------------------------------------

std::string RunText(const std::vector<Finding>& findings, ReportOptions opts = {}) {
  std::ostringstream out;
  TextReporter reporter(opts, out);
  for (const Finding& f : findings) reporter.OnFinding(f);
  reporter.Finish(SomeSummary());
  return out.str();
}

TEST(TextReporterTest, OneLinePerFindingWithLocationSeverityRule) {
  const std::string text = RunText({KeyIdFinding()});
  EXPECT_EQ(text, std::string("config/credentials:2:21: high aws-access-key-id AKIA") + kEllipsis +
                      " account 123456789012\n");
}

TEST(TextReporterTest, HistoryFindingHasCommitLine) {
  const std::string text = RunText({SecretFinding()});
  EXPECT_THAT(text, HasSubstr("app/settings.py:14:9: critical aws-secret-access-key MuHb"));
  EXPECT_THAT(text, HasSubstr("\n    commit 1234567890ab Test Author <author@example.com> "
                              "2024-01-02T03:04:05Z\n"));
  EXPECT_THAT(text, Not(HasSubstr("1234567890abcdef")));  // the commit is shortened
}

TEST(TextReporterTest, NoAnsiEscapesWithoutColor) {
  ReportOptions opts;
  opts.color = false;
  const std::string text = RunText({KeyIdFinding(), SecretFinding()}, opts);
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(TextReporterTest, AnsiEscapesWithColor) {
  ReportOptions opts;
  opts.color = true;
  const std::string text = RunText({SecretFinding()}, opts);
  EXPECT_THAT(text, HasSubstr("\x1b[1mapp/settings.py:14:9\x1b[0m"));
  EXPECT_THAT(text, HasSubstr("\x1b[1;31mcritical\x1b[0m"));
}

TEST(TextReporterTest, NeverPrintsFullSecretByDefault) {
  const std::string text = RunText({KeyIdFinding(), SecretFinding()});
  EXPECT_THAT(text, Not(HasSubstr(kSecret)));
  // A key ID that is the secret itself is not repeated as "key …" either.
  EXPECT_THAT(text, Not(HasSubstr(kKeyId)));
  EXPECT_THAT(text, HasSubstr(std::string("MuHb") + kEllipsis));
}

TEST(TextReporterTest, ShowSecretsPrintsThem) {
  ReportOptions opts;
  opts.show_secrets = true;
  const std::string text = RunText({KeyIdFinding(), SecretFinding()}, opts);
  EXPECT_THAT(text, HasSubstr(kSecret));
  EXPECT_THAT(text, HasSubstr(kKeyId));
}

TEST(TextReporterTest, KeyIdOfAnotherSecretIsShown) {
  Finding f = SecretFinding();
  f.key_id = kKeyId;
  f.account_id = "123456789012";
  const std::string text = RunText({f});
  EXPECT_THAT(text, HasSubstr(std::string(" key ") + kKeyId + " account 123456789012"));
  EXPECT_THAT(text, Not(HasSubstr(kSecret)));
}

TEST(TextReporterTest, EscapesControlCharactersInPathsAndAuthors) {
  Finding f = SecretFinding();
  f.path = "evil\x1b]0;owned\x07\nname\\.txt";
  f.author = "Mallory\x1b[2J";
  f.email = "m@x\r";
  const std::string text = RunText({f});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_THAT(text, HasSubstr("evil\\x1b]0;owned\\x07\\x0aname\\x5c.txt:14:9:"));
  EXPECT_THAT(text, HasSubstr("Mallory\\x1b[2J <m@x\\x0d>"));
  // Exactly two real newlines: the finding line and the commit line.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST(TerminalSafeTest, EscapesControlBytesDelAndBackslash) {
  EXPECT_EQ(TerminalSafe("plain/path.txt"), "plain/path.txt");
  EXPECT_EQ(TerminalSafe(std::string("\0", 1)), "\\x00");
  EXPECT_EQ(TerminalSafe("\t\n\x1f"), "\\x09\\x0a\\x1f");
  EXPECT_EQ(TerminalSafe("\x7f"), "\\x7f");
  EXPECT_EQ(TerminalSafe("a\\b"), "a\\x5cb");
  EXPECT_EQ(TerminalSafe(" ~"), " ~");
  // UTF-8 (bytes >= 0x80) passes through.
  EXPECT_EQ(TerminalSafe("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(TerminalSafeTest, EscapedOutputCannotBeConfusedWithInput) {
  // Without escaping the backslash, "\x1b" typed literally and a real ESC would look the same.
  EXPECT_NE(TerminalSafe("\\x1b"), TerminalSafe("\x1b"));
}

// --- Registry and summary -----------------------------------------------------------------------

TEST(MakeReporterTest, KnownFormats) {
  EXPECT_EQ(ReporterFormats(), (std::vector<std::string>{"text", "json"}));
  std::ostringstream out;
  for (const std::string& name : ReporterFormats()) {
    auto r = MakeReporter(name, ReportOptions{}, out);
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_NE(r.value(), nullptr);
  }
  auto text = MakeReporter("text", ReportOptions{}, out);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(dynamic_cast<TextReporter*>(text.value().get()), nullptr);
}

TEST(MakeReporterTest, RejectsUnknownFormats) {
  std::ostringstream out;
  for (const char* name : {"xml", "", "JSON", "sarif"}) {
    auto r = MakeReporter(name, ReportOptions{}, out);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
    EXPECT_EQ(r.error().message, std::string("unknown format '") + name + "'");
  }
}

TEST(DisplaySecretTest, RedactsUnlessAsked) {
  ReportOptions opts;
  EXPECT_EQ(DisplaySecret(SecretFinding(), opts), std::string("MuHb") + kEllipsis);
  opts.show_secrets = true;
  EXPECT_EQ(DisplaySecret(SecretFinding(), opts), kSecret);
}

TEST(SummaryLineTest, FilesScan) {
  Summary s;
  s.bytes_scanned = 2048;
  s.blobs_scanned = 3;
  s.findings = 2;
  s.elapsed_ms = 15;
  EXPECT_EQ(SummaryLine(s), "keysweep: scanned 2.0 KiB in 3 files, 0 commits; 2 findings in 15 ms");
}

TEST(SummaryLineTest, HistoryScanWithSkippedAndErrors) {
  Summary s;
  s.bytes_scanned = 5 * 1048576 + 524288;
  s.blobs_scanned = 120;
  s.commits_scanned = 40;
  s.findings = 0;
  s.skipped = 2;
  s.errors = 1;
  s.elapsed_ms = 1234;
  s.files = false;
  EXPECT_EQ(SummaryLine(s),
            "keysweep: scanned 5.5 MiB in 120 blobs, 40 commits; 0 findings in 1234 ms; "
            "2 skipped; 1 errors");
}

TEST(SummaryLineTest, ByteUnits) {
  Summary s;
  s.bytes_scanned = 0;
  EXPECT_THAT(SummaryLine(s), HasSubstr("scanned 0 B in"));
  s.bytes_scanned = 1023;
  EXPECT_THAT(SummaryLine(s), HasSubstr("scanned 1023 B in"));
  s.bytes_scanned = 1024;
  EXPECT_THAT(SummaryLine(s), HasSubstr("scanned 1.0 KiB in"));
  s.bytes_scanned = uint64_t{3} * 1073741824;
  EXPECT_THAT(SummaryLine(s), HasSubstr("scanned 3.00 GiB in"));
  s.bytes_scanned = uint64_t{5} << 40;  // 5 TiB, still printed in GiB
  EXPECT_THAT(SummaryLine(s), HasSubstr("scanned 5120.00 GiB in"));
}

TEST(SummaryToJsonTest, AllCounters) {
  const auto j = SummaryToJson(SomeSummary());
  EXPECT_EQ(j["bytes_scanned"], 123456);
  EXPECT_EQ(j["elapsed_ms"], 42);
  EXPECT_FALSE(j.contains("files"));
}

}  // namespace
}  // namespace ks
