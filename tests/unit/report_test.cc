// Unit tests for src/report: JSON, JSONL, SARIF and text reporters, the reporter registry, the
// summary line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "findings/finding.h"
#include "pipeline/summary.h"
#include "report/json_reporter.h"
#include "report/jsonl_reporter.h"
#include "report/report_reader.h"
#include "report/reporter.h"
#include "report/sarif_reporter.h"
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
      "confidence", "example", "canary", "region", "derived_from_key_id",
      // Added with multi-repository history scans:
      "repository"};
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
  EXPECT_EQ(text.substr(0, text.find('\n') + 1),
            std::string("config/credentials:2:21: high aws-access-key-id AKIA") + kEllipsis +
                " account 123456789012\n");
}

TEST(TextReporterTest, EndsWithNextStepsNamingThePlaybooks) {
  const std::string text = RunText({KeyIdFinding(), SecretFinding()});
  const std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
  EXPECT_THAT(last, testing::StartsWith("Next steps: rotate every key found"));
  EXPECT_THAT(last, HasSubstr("`keysweep playbook aws-access-key`"));
  EXPECT_THAT(last, HasSubstr("keysweep playbook --from report.json"));
}

TEST(TextReporterTest, NoNextStepsWithoutFindings) {
  std::ostringstream out;
  TextReporter reporter(ReportOptions{}, out);
  reporter.Finish(Summary{});
  EXPECT_EQ(out.str(), "");
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
  // Exactly two real newlines before the lines that end a report (SomeSummary() has a skipped
  // item): the finding line and the commit line.
  const std::string finding = text.substr(0, text.find("Not scanned"));
  EXPECT_EQ(std::count(finding.begin(), finding.end(), '\n'), 2);
}

// --- Registry and summary -----------------------------------------------------------------------

TEST(MakeReporterTest, KnownFormats) {
  EXPECT_EQ(ReporterFormats(), (std::vector<std::string>{"text", "json", "jsonl", "sarif"}));
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
  for (const char* name : {"xml", "", "JSON", "SARIF", "json-lines"}) {
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

// --- JSON Lines ---------------------------------------------------------------------------------

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(Parse(line));
  return out;
}

std::string RunJsonl(const std::vector<Finding>& findings) {
  std::ostringstream out;
  JsonlReporter reporter(ReportOptions{}, out);
  for (const Finding& f : findings) reporter.OnFinding(f);
  reporter.Finish(SomeSummary());
  return out.str();
}

TEST(JsonlReporterTest, OneFindingPerLineThenTheSummary) {
  const std::vector<nlohmann::json> lines = Lines(RunJsonl({KeyIdFinding(), SecretFinding()}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["rule"], "aws-access-key-id");
  EXPECT_EQ(lines[1]["rule"], "aws-secret-access-key");
  EXPECT_EQ(Keys(lines[2]), (std::set<std::string>{"tool", "summary"}));
  EXPECT_EQ(lines[2]["summary"]["blobs_scanned"], 7);
}

TEST(JsonlReporterTest, FindingLinesEqualTheJsonReportsFindings) {
  const std::vector<Finding> findings = {KeyIdFinding(), SecretFinding()};
  const nlohmann::json doc = Parse(RunJson(findings));
  const std::vector<nlohmann::json> lines = Lines(RunJsonl(findings));
  ASSERT_EQ(doc["findings"].size(), 2u);
  EXPECT_EQ(lines[0], doc["findings"][0]);
  EXPECT_EQ(lines[1], doc["findings"][1]);
}

TEST(JsonlReporterTest, EachFindingIsWrittenWhenHandedOver) {
  std::ostringstream out;
  JsonlReporter reporter(ReportOptions{}, out);
  reporter.OnFinding(KeyIdFinding());
  EXPECT_EQ(Lines(out.str()).size(), 1u);  // before Finish
}

TEST(ReportReaderTest, ReadsJsonLinesAndConcatenatedRuns) {
  const std::string one = RunJsonl({KeyIdFinding()});
  const std::string two = RunJsonl({SecretFinding()});
  auto read = ReadJsonReport(one + two);
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].finding.rule, "aws-access-key-id");
  EXPECT_EQ((*read)[1].finding.commit, SecretFinding().commit);
}

TEST(ReportReaderTest, BrokenJsonLineIsNamed) {
  auto read = ReadJsonReport(RunJsonl({KeyIdFinding()}) + "{oops\n");
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.error().message, HasSubstr("line 3"));
}

// --- SARIF --------------------------------------------------------------------------------------

nlohmann::json RunSarif(const std::vector<Finding>& findings, ReportOptions opts = {},
                        Summary summary = SomeSummary()) {
  opts.version = "9.8.7";
  std::ostringstream out;
  SarifReporter reporter(opts, out);
  for (const Finding& f : findings) reporter.OnFinding(f);
  reporter.Finish(summary);
  return Parse(out.str());
}

RuleInfo AccessKeyRule() {
  RuleInfo r;
  r.id = "aws-access-key-id";
  r.name = "AWS access key ID";
  r.description = "An access key ID.";
  r.severity = Severity::kHigh;
  r.playbook = "aws-access-key";
  r.help_text = "Leaked IAM user access key";
  r.help_markdown = "# Leaked IAM user access key";
  return r;
}

TEST(SarifReporterTest, RunHasToolRulesAndResults) {
  ReportOptions opts;
  opts.rules = {AccessKeyRule()};
  const nlohmann::json doc = RunSarif({KeyIdFinding()}, opts);
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const nlohmann::json& run = doc["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "keysweep");
  EXPECT_EQ(run["tool"]["driver"]["version"], "9.8.7");
  const nlohmann::json& rule = run["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "aws-access-key-id");
  EXPECT_EQ(rule["name"], "AwsAccessKeyId");
  EXPECT_EQ(rule["help"]["text"], "Leaked IAM user access key");
  EXPECT_EQ(rule["help"]["markdown"], "# Leaked IAM user access key");
  EXPECT_EQ(rule["properties"]["security-severity"], "8.0");
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
  EXPECT_FALSE(run.contains("versionControlProvenance"));  // not a git source
}

TEST(SarifReporterTest, ResultLocationFingerprintAndProperties) {
  ReportOptions opts;
  opts.rules = {AccessKeyRule()};
  const nlohmann::json r = RunSarif({KeyIdFinding()}, opts)["runs"][0]["results"][0];
  EXPECT_EQ(r["ruleId"], "aws-access-key-id");
  EXPECT_EQ(r["ruleIndex"], 0);
  EXPECT_EQ(r["level"], "error");
  const nlohmann::json& loc = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "config/credentials");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(loc["region"]["startLine"], 2);
  EXPECT_EQ(loc["region"]["startColumn"], 21);
  EXPECT_EQ(r["partialFingerprints"]["keysweep/v1"], KeyIdFinding().fingerprint);
  EXPECT_EQ(r["properties"]["account_id"], "123456789012");
  EXPECT_EQ(r["properties"]["playbook"], "aws-access-key");
  EXPECT_FALSE(r["properties"].contains("path"));
}

TEST(SarifReporterTest, UndescribedRulesStillGetAnEntry) {
  const nlohmann::json run = RunSarif({KeyIdFinding(), SecretFinding()})["runs"][0];
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 2u);
  EXPECT_EQ(run["results"][1]["ruleIndex"], 1);
  EXPECT_EQ(run["tool"]["driver"]["rules"][1]["id"], "aws-secret-access-key");
  EXPECT_EQ(run["results"][1]["level"], "error");  // critical
}

TEST(SarifReporterTest, HistoryFindingCarriesCommitAndProvenance) {
  Summary s = SomeSummary();
  s.repository = "/srv/repo";
  s.revision = "1234567890abcdef1234567890abcdef12345678";
  s.branch = "refs/heads/main";
  const nlohmann::json run = RunSarif({SecretFinding()}, {}, s)["runs"][0];
  const nlohmann::json& vcp = run["versionControlProvenance"][0];
  EXPECT_EQ(vcp["repositoryUri"], "file:///srv/repo");
  EXPECT_EQ(vcp["revisionId"], s.revision);
  EXPECT_EQ(vcp["branch"], "refs/heads/main");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///srv/repo/");
  const nlohmann::json& r = run["results"][0];
  EXPECT_EQ(r["properties"]["commit"], SecretFinding().commit.value());
  EXPECT_EQ(r["properties"]["author"], "Test Author");
  EXPECT_THAT(r["message"]["text"].get<std::string>(), HasSubstr("commit 1234567890ab"));
}

TEST(SarifReporterTest, SecretsAreRedactedByDefault) {
  const std::string text = RunSarif({SecretFinding()}).dump();
  EXPECT_THAT(text, Not(HasSubstr(kSecret)));
  ReportOptions opts;
  opts.show_secrets = true;
  EXPECT_THAT(RunSarif({SecretFinding()}, opts).dump(), HasSubstr(kSecret));
}

TEST(SarifReporterTest, PathsBecomeValidUris) {
  EXPECT_EQ(PathToUri("a b/c%d.txt"), "a%20b/c%25d.txt");
  EXPECT_EQ(PathToUri("commit:abc"), "commit%3Aabc");  // never read as a URI scheme
  EXPECT_EQ(PathToUri("caf\xe9\n.txt"), "caf%E9%0A.txt");
  EXPECT_EQ(PathToUri("/abs/p"), "file:///abs/p");
  Finding f = KeyIdFinding();
  f.path = "./x/y";
  const nlohmann::json r = RunSarif({f})["runs"][0]["results"][0];
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "x/y");
}

}  // namespace
}  // namespace ks
