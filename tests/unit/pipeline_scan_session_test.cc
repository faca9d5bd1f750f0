// Unit tests for pipeline/scan_session: a session's set-up from options and configuration, and
// its end (the passes, the fail policy, what was suppressed).
#include <gtest/gtest.h>

#include "pipeline/scan_session.h"
#include "temp_dir.h"
#include "test_doubles.h"

namespace ks {
namespace {

using testing::QuietDiagnostics;
using testing::RecordingDiagnostics;
using testing::RecordingSink;

constexpr char kCreds[] =
    "aws_access_key_id = AKIARZPUZDIKPFJONNBY\n"
    "aws_secret_access_key = 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\n";

config::ScanRoot Root(const testing::TempDir& dir) {
  return config::ScanRoot{
      .dir = dir.path().string(), .paths_from_cwd = false, .committed = nullptr};
}

// Scans kCreds into the session's collector, as a source and a BlobScanner would.
void ScanCreds(ScanSession& session) {
  BlobScanner scanner(session.db(), &session.diag(), session.scan_settings());
  std::vector<Finding> found;
  scanner.Scan(Blob{kCreds, "creds", SourceKind::kFile, {}}, &found);
  session.collector().Add(found);
}

TEST(ScanSessionTest, DefaultsLoadTheBuiltInRulesAndReportEverything) {
  testing::TempDir dir;
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(SessionOptions{}, Root(dir), &diag);
  ASSERT_TRUE(session.ok()) << session.error().message;
  EXPECT_GT(session->db()->rules().size(), 0u);
  ScanCreds(*session);
  RecordingSink sink;
  auto outcome = session->Finish(Summary{}, sink);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(sink.found.size(), 2u);
  EXPECT_EQ(outcome->summary.findings, 2u);
  EXPECT_EQ(sink.completed.findings, 2u);
  EXPECT_EQ(outcome->failing, 2u);
  EXPECT_FALSE(outcome->summary.verified);
}

TEST(ScanSessionTest, LiveOnlyPoliciesNeedTheLiveCheck) {
  SessionOptions opts;
  opts.verify.fail_on_live = true;
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(opts, {}, &diag);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().message, "--fail-on live needs --verify");
  opts.verify.fail_on_live = false;
  opts.verify.only_verified = true;
  EXPECT_EQ(ScanSession::Create(opts, {}, &diag).error().message, "--only-verified needs --verify");
}

TEST(ScanSessionTest, TheConfigurationFillsInWhatTheOptionsLeftUnset) {
  testing::TempDir dir;
  dir.Write(".keysweep.yaml", "max_file_size: 1234\n");
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(SessionOptions{}, Root(dir), &diag);
  ASSERT_TRUE(session.ok()) << session.error().message;
  EXPECT_EQ(session->options().max_file_size, 1234u);
  ASSERT_FALSE(diag.infos.empty());
  EXPECT_EQ(diag.infos[0].rfind("configuration: ", 0), 0u);
  SessionOptions given;
  given.max_file_size = 99;
  given.max_file_size_given = true;
  auto explicit_size = ScanSession::Create(given, Root(dir), &diag);
  ASSERT_TRUE(explicit_size.ok());
  EXPECT_EQ(explicit_size->options().max_file_size, 99u);
}

TEST(ScanSessionTest, NoConfigIgnoresTheRepositorysConfiguration) {
  testing::TempDir dir;
  dir.Write(".keysweep.yaml", "disabled_rules: [aws-access-key-id, aws-secret-access-key]\n");
  SessionOptions opts;
  opts.no_config = true;
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(opts, Root(dir), &diag);
  ASSERT_TRUE(session.ok());
  ScanCreds(*session);
  RecordingSink sink;
  ASSERT_TRUE(session->Finish(Summary{}, sink).ok());
  EXPECT_EQ(sink.found.size(), 2u);
}

TEST(ScanSessionTest, DisabledRulesAreSuppressedAndCountedAndUnknownOnesAreErrors) {
  testing::TempDir dir;
  dir.Write(".keysweep.yaml", "disabled_rules: [aws-secret-access-key]\n");
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(SessionOptions{}, Root(dir), &diag);
  ASSERT_TRUE(session.ok()) << session.error().message;
  ScanCreds(*session);
  RecordingSink sink;
  auto outcome = session->Finish(Summary{}, sink);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(sink.Rules(), std::vector<std::string>{"aws-access-key-id"});
  EXPECT_EQ(outcome->suppressed.disabled_rules, 1u);
  EXPECT_EQ(outcome->suppressed.total(), 1u);

  dir.Write(".keysweep.yaml", "disabled_rules: [no-such-rule]\n");
  auto bad = ScanSession::Create(SessionOptions{}, Root(dir), &diag);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("no rule 'no-such-rule'"), std::string::npos);
}

TEST(ScanSessionTest, TheFailPolicyCountsOnlyTheNamedSeverities) {
  SessionOptions opts;
  opts.fail_on_severity = {"info"};
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(opts, {}, &diag);
  ASSERT_TRUE(session.ok());
  ScanCreds(*session);
  RecordingSink sink;
  auto outcome = session->Finish(Summary{}, sink);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->summary.findings, 2u);
  EXPECT_EQ(outcome->failing, 0u);
  opts.fail_on_severity = {"urgent"};
  EXPECT_FALSE(ScanSession::Create(opts, {}, &diag).ok());
}

TEST(ScanSessionTest, PruningNeedsABaselineAndKeepsItsEntriesUnsuppressed) {
  testing::TempDir dir;
  SessionOptions opts;
  opts.baseline_action = BaselineAction::kPrune;
  RecordingDiagnostics diag;
  auto none = ScanSession::Create(opts, Root(dir), &diag);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("baseline prune needs --baseline"), std::string::npos);

  baseline::Entry entry;
  entry.fingerprint = Fingerprint("aws-access-key-id", Secret("AKIARZPUZDIKPFJONNBY"));
  entry.rule = "aws-access-key-id";
  dir.Write("baseline.json", baseline::Serialize({entry}));
  opts.baseline = (dir.path() / "baseline.json").string();
  auto prune = ScanSession::Create(opts, Root(dir), &diag);
  ASSERT_TRUE(prune.ok()) << prune.error().message;
  EXPECT_EQ(prune->baseline_entries().size(), 1u);
  EXPECT_EQ(prune->baseline_path(), opts.baseline);
  ScanCreds(*prune);
  RecordingSink sink;
  auto outcome = prune->Finish(Summary{}, sink);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(sink.found.size(), 2u);  // prune must see every finding
  EXPECT_EQ(outcome->suppressed.baseline, 0u);

  opts.baseline_action = BaselineAction::kNone;
  auto use = ScanSession::Create(opts, Root(dir), &diag);
  ASSERT_TRUE(use.ok());
  ScanCreds(*use);
  RecordingSink kept;
  auto suppressed = use->Finish(Summary{}, kept);
  ASSERT_TRUE(suppressed.ok());
  EXPECT_EQ(kept.Rules(), std::vector<std::string>{"aws-secret-access-key"});
  EXPECT_EQ(suppressed->suppressed.baseline, 1u);
}

TEST(ScanSessionTest, InlineMarkersAreCountedAsSuppressed) {
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(SessionOptions{}, {}, &diag);
  ASSERT_TRUE(session.ok());
  BlobScanner scanner(session->db(), &diag, session->scan_settings());
  std::vector<Finding> found;
  scanner.Scan(Blob{"aws_access_key_id = AKIARZPUZDIKPFJONNBY  # pragma: allowlist secret\n",
                    "f",
                    SourceKind::kFile,
                    {}},
               &found);
  session->collector().Add(found);
  RecordingSink sink;
  auto outcome = session->Finish(Summary{}, sink);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(sink.found.empty());
  EXPECT_EQ(outcome->suppressed.inline_markers, 1u);
}

// The real environment, but a clock that moves only when the test says so.
class ClockEnv : public EnvWrapper {
 public:
  ClockEnv() : EnvWrapper(Env::Default()) {}
  std::chrono::steady_clock::time_point Now() override { return now; }
  std::chrono::steady_clock::time_point now{};
};

TEST(ScanSessionTest, TheRunsTimeComesFromTheEnvironmentsClock) {
  ClockEnv env;
  RecordingDiagnostics diag;
  auto session = ScanSession::Create(SessionOptions{}, {}, &diag, env);
  ASSERT_TRUE(session.ok());
  env.now += std::chrono::milliseconds(1500);
  RecordingSink sink;
  auto outcome = session->Finish(Summary{}, sink);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->summary.elapsed_ms, 1500u);
}

}  // namespace
}  // namespace ks
