// Reading a JSON report back (keysweep verify): fields round-trip, and a secret counts as known
// only when it reproduces the fingerprint, so a redacted or edited value is never used.
#include "report/report_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "report/json_reporter.h"
#include "temp_dir.h"

namespace ks {
namespace {

constexpr char kKey[] = "AKIARZPUZDIKPFJONNBY";
constexpr char kSecret[] = "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";

Finding SecretFinding() {
  Finding f;
  f.rule = "aws-secret-access-key";
  f.severity = Severity::kCritical;
  f.secret = Secret(kSecret);
  f.fingerprint = Fingerprint(f.rule, f.secret);
  f.key_id = kKey;
  f.account_id = "123456789012";
  f.source = SourceKind::kHistory;
  f.path = "config/prod.env";
  f.line = 7;
  f.column = 23;
  f.commit = std::string(40, 'c');
  f.blob = std::string(40, 'b');
  f.author = "A. Dev";
  f.playbook = "aws-access-key";
  return f;
}

Finding KeyFinding() {
  Finding f = SecretFinding();
  f.rule = "aws-access-key-id";
  f.secret = Secret(kKey);
  f.fingerprint = Fingerprint(f.rule, f.secret);
  return f;
}

std::string Report(const std::vector<Finding>& findings, bool show_secrets) {
  std::ostringstream out;
  ReportOptions opts;
  opts.show_secrets = show_secrets;
  opts.version = "test";
  JsonReporter reporter(opts, out);
  for (const Finding& f : findings) reporter.OnFinding(f);
  reporter.Finish(Summary{});
  return out.str();
}

TEST(ReportReaderTest, RoundTripsTheFieldsVerificationNeeds) {
  auto read = ReadJsonReport(Report({SecretFinding()}, /*show_secrets=*/true));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->size(), 1u);
  const ReportedFinding& r = read->front();
  EXPECT_TRUE(r.secret_known);
  EXPECT_EQ(r.finding.secret.Reveal(), kSecret);
  EXPECT_EQ(r.finding.key_id, kKey);
  EXPECT_EQ(r.finding.severity, Severity::kCritical);
  EXPECT_EQ(r.finding.source, SourceKind::kHistory);
  EXPECT_EQ(r.finding.path, "config/prod.env");
  EXPECT_EQ(r.finding.line, 7u);
  EXPECT_EQ(r.finding.blob, std::string(40, 'b'));
  EXPECT_EQ(r.finding.author, "A. Dev");
}

TEST(ReportReaderTest, RedactedSecretsAreNotKnownButKeyIdsAre) {
  auto read = ReadJsonReport(Report({KeyFinding(), SecretFinding()}, /*show_secrets=*/false));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->size(), 2u);
  EXPECT_TRUE((*read)[0].secret_known);  // recovered from key_id
  EXPECT_EQ((*read)[0].finding.secret.Reveal(), kKey);
  EXPECT_FALSE((*read)[1].secret_known);
  EXPECT_EQ((*read)[1].finding.secret.Reveal(), "MuHb\u2026");
}

TEST(ReportReaderTest, AnEditedSecretDoesNotMatchItsFingerprint) {
  std::string text = Report({SecretFinding()}, /*show_secrets=*/true);
  text.replace(text.find(kSecret), 4, "XXXX");
  auto read = ReadJsonReport(text);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->front().secret_known);
}

TEST(ReportReaderTest, RejectsWhatIsNotAReport) {
  for (const char* bad : {"", "not json", "[]", "{\"x\": 1}", "{\"findings\": {}}",
                          "{\"findings\": [{\"rule\": \"r\"}]}", "{\"findings\": [42]}"}) {
    auto read = ReadJsonReport(bad);
    EXPECT_FALSE(read.ok()) << bad;
    if (!read.ok()) {
      EXPECT_EQ(read.error().kind, ErrorKind::kInput) << bad;
    }
  }
}

TEST(ReportReaderTest, AReportFileThatCannotBeReadOrParsedIsAnErrorNamingIt) {
  testing::TempDir dir;
  const std::string missing = (dir.path() / "missing.json").string();
  auto none = ReadJsonReportFile(missing);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "cannot read " + missing);
  dir.Write("bad.json", "not json");
  const std::string bad = (dir.path() / "bad.json").string();
  auto broken = ReadJsonReportFile(bad);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.rfind(bad + ": ", 0), 0u);
  EXPECT_EQ(broken.error().kind, ErrorKind::kInput);
}

}  // namespace
}  // namespace ks
