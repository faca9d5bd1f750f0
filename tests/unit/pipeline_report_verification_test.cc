// Unit tests for pipeline/report_verification: getting back the secrets of a redacted report
// without sending anything (the live requests are tested end to end against moto).
#include <gtest/gtest.h>

#include "pipeline/report_verification.h"
#include "temp_dir.h"
#include "temp_repo.h"
#include "test_doubles.h"

namespace ks {
namespace {

using testing::QuietDiagnostics;
using testing::RecordingDiagnostics;
using testing::RecordingSink;

constexpr char kKey[] = "AKIARZPUZDIKPFJONNBY";
constexpr char kSecret[] = "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";
const std::string kCreds =
    std::string("aws_access_key_id = ") + kKey + "\naws_secret_access_key = " + kSecret + "\n";

// The finding a redacted report gives back: the right fingerprint, a prefix as the secret.
Finding Redacted(const std::string& path, std::optional<std::string> blob = std::nullopt) {
  Finding f;
  f.rule = "aws-secret-access-key";
  f.fingerprint = Fingerprint(f.rule, Secret(kSecret));
  f.secret = Secret("MuHb");
  f.key_id = kKey;
  f.path = path;
  f.blob = std::move(blob);
  f.source = f.blob ? SourceKind::kHistory : SourceKind::kFile;
  return f;
}

std::shared_ptr<const PatternDb> Db(QuietDiagnostics* diag) {
  auto session = ScanSession::Create(SessionOptions{}, {}, diag);
  EXPECT_TRUE(session.ok());
  return session->db();
}

TEST(SecretRecoveryTest, RecoversARedactedSecretFromTheFileItWasFoundIn) {
  testing::TempDir dir;
  dir.Write("creds", kCreds);
  QuietDiagnostics diag;
  SecretRecovery recovery(Db(&diag), &diag, dir.path().string());
  auto secret = recovery.Recover(Redacted((dir.path() / "creds").string()));
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->Reveal(), kSecret);
}

TEST(SecretRecoveryTest, RecoversFromABlobOfTheRepository) {
  testing::TempRepo repo;
  repo.Write("a.env", kCreds);
  repo.Commit("add");
  const std::string blob = repo.Git("rev-parse HEAD:a.env");
  QuietDiagnostics diag;
  SecretRecovery recovery(Db(&diag), &diag, repo.dir());
  auto secret = recovery.Recover(Redacted("a.env", blob));
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->Reveal(), kSecret);
}

TEST(SecretRecoveryTest, AChangedFileGivesNothingBack) {
  testing::TempDir dir;
  dir.Write("creds", "aws_secret_access_key = mfXfKm/r5kJP1VrT+1FJors/6ILi8IHn5kxsC7tV\n");
  QuietDiagnostics diag;
  SecretRecovery recovery(Db(&diag), &diag, dir.path().string());
  EXPECT_FALSE(recovery.Recover(Redacted((dir.path() / "creds").string())).has_value());
  EXPECT_FALSE(recovery.Recover(Redacted((dir.path() / "missing").string())).has_value());
}

TEST(VerifyReportedTest, WhatCannotBeRecoveredIsMarkedUnavailableAndEverythingIsCollected) {
  testing::TempDir dir;
  dir.Write("creds", kCreds);
  QuietDiagnostics diag;
  auto session = ScanSession::Create(SessionOptions{}, {}, &diag);
  ASSERT_TRUE(session.ok());
  std::vector<FindingToVerify> reported{
      {Redacted((dir.path() / "creds").string()), false},
      {Redacted((dir.path() / "gone").string()), false},
  };
  VerifyReported(*session, std::move(reported), dir.path().string());
  RecordingSink sink;
  ASSERT_TRUE(session->Finish(Summary{}, sink).ok());
  ASSERT_EQ(sink.found.size(), 2u);
  EXPECT_EQ(sink.found[0].secret.Reveal(), kSecret);
  EXPECT_EQ(sink.found[0].verification.status, verify::Status::kNotChecked);  // no --verify
  EXPECT_EQ(sink.found[1].verification.reason, "secret_unavailable");
}

TEST(VerifyReportedTest, ACanaryKeyIsRecognisedWhateverTheReportSays) {
  // AKIAQYLPMN5HECPXM7CF decodes to 052310077262, a canary-token account in the built-in list.
  SessionOptions opts;
  opts.verify.enabled = true;
  opts.verify.sts_endpoint = "http://127.0.0.1:9/";  // would be refused, were anything sent
  QuietDiagnostics diag;
  auto session = ScanSession::Create(opts, {}, &diag);
  ASSERT_TRUE(session.ok()) << session.error().message;
  Finding f = Redacted("creds");
  f.key_id = "AKIAQYLPMN5HECPXM7CF";
  f.secret = Secret(kSecret);
  f.canary = false;  // as an edited report would say
  f.account_id = "123456789012";
  VerifyReported(*session, {{f, true}}, ".");
  RecordingSink sink;
  ASSERT_TRUE(session->Finish(Summary{}, sink).ok());
  ASSERT_EQ(sink.found.size(), 1u);
  EXPECT_TRUE(sink.found[0].canary);
  EXPECT_EQ(sink.found[0].account_id, "052310077262");
  EXPECT_EQ(sink.found[0].verification.status, verify::Status::kSkipped);
  EXPECT_EQ(sink.found[0].verification.reason, "canary");
}

}  // namespace
}  // namespace ks
