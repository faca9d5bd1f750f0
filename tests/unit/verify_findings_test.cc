// Which findings become live-check credentials, and how verdicts flow back to every finding.
// The checker is a recording stand-in, so these tests are about selection and attribution; the
// requests themselves are tested end to end against moto and a fake STS (test_verify.py).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/pairing.h"
#include "findings/verification.h"
#include "verify/sts_verifier.h"

namespace ks {
namespace {

using verify::Credential;
using verify::Status;
using verify::Verdict;

constexpr char kKey[] = "AKIARZPUZDIKPFJONNBY";
constexpr char kSecret[] = "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";
constexpr char kOtherSecret[] = "mfXfKm/r5kJP1VrT+1FJors/6ILi8IHn5kxsC7tV";

Finding Make(std::string_view rule, std::string secret, std::optional<std::string> key_id,
             std::string path = "a.txt") {
  Finding f;
  f.rule = std::string(rule);
  f.secret = Secret(std::move(secret));
  f.key_id = std::move(key_id);
  f.path = std::move(path);
  return f;
}

Finding KeyFinding(std::string key = kKey) { return Make(aws::kAccessKeyIdRule, key, key); }

Finding SecretFinding(std::string secret = kSecret, std::string key = kKey) {
  return Make(aws::kSecretKeyRule, std::move(secret), std::move(key));
}

Verdict Valid() {
  return Verdict{Status::kValid, "", "123456789012", "arn:aws:iam::1:user/u", "U"};
}
Verdict Expired() { return Verdict{Status::kExpired, "", {}, {}, {}}; }
Verdict WrongSecret() { return Verdict{Status::kInvalid, "wrong_secret", {}, {}, {}}; }

// Answers from a table keyed by secret, and records what it was asked.
struct FakeChecker {
  std::vector<std::vector<Credential>> calls;
  std::map<std::string, Verdict> by_secret;
  CredentialChecker Fn() {
    return [this](const std::vector<Credential>& cs) {
      calls.push_back(cs);
      std::vector<Verdict> out;
      for (const Credential& c : cs) out.push_back(by_secret[c.secret]);
      return out;
    };
  }
};

TEST(VerifyFindingsTest, PairIsCheckedOnceAndBothFindingsGetItsVerdict) {
  std::vector<Finding> findings = {KeyFinding(), SecretFinding()};
  FakeChecker fake;
  fake.by_secret[kSecret] = Valid();
  VerifyFindings(findings, fake.Fn());
  ASSERT_EQ(fake.calls.size(), 1u);
  ASSERT_EQ(fake.calls[0].size(), 1u);
  EXPECT_EQ(fake.calls[0][0], (Credential{kKey, kSecret, ""}));
  for (const Finding& f : findings) {
    EXPECT_EQ(f.verification.status, Status::kValid) << f.rule;
    EXPECT_EQ(f.verification.arn, "arn:aws:iam::1:user/u");
  }
}

TEST(VerifyFindingsTest, KeyIdTakesTheBestVerdictAmongItsCandidateSecrets) {
  std::vector<Finding> findings = {KeyFinding(), SecretFinding(kOtherSecret), SecretFinding()};
  FakeChecker fake;
  fake.by_secret[kOtherSecret] = WrongSecret();
  fake.by_secret[kSecret] = Valid();
  VerifyFindings(findings, fake.Fn());
  EXPECT_EQ(findings[0].verification.status, Status::kValid);
  EXPECT_EQ(findings[1].verification.reason, "wrong_secret");
  EXPECT_EQ(findings[2].verification.status, Status::kValid);
}

TEST(VerifyFindingsTest, CanariesExamplesAndUncheckableKeysAreNeverHandedToTheChecker) {
  Finding canary = SecretFinding();
  canary.canary = true;
  Finding example = SecretFinding(kOtherSecret);
  example.example = true;
  Finding abia = SecretFinding(kSecret, "ABIARZPUZDIKPFJONNBY");
  Finding asia_without_token = SecretFinding(kSecret, "ASIARZPUZDIKPFJONNBY");
  std::vector<Finding> findings = {canary, example, abia, asia_without_token};
  FakeChecker fake;
  VerifyFindings(findings, fake.Fn());
  EXPECT_TRUE(fake.calls.empty());
  EXPECT_EQ(findings[0].verification.reason, "canary");
  EXPECT_EQ(findings[1].verification.reason, "example");
  EXPECT_EQ(findings[2].verification.reason, "unsupported_key_type");
  EXPECT_EQ(findings[3].verification.reason, "no_session_token");
  for (const Finding& f : findings) EXPECT_EQ(f.verification.status, Status::kSkipped);
}

TEST(VerifyFindingsTest, TemporaryKeysAreSignedWithTheTokenFoundInTheSameFile) {
  const std::string asia = "ASIARZPUZDIKPFJONNBY";
  Finding token = Make(aws::kSessionTokenRule, "FwoGZXIvYXdzEXAMPLETOKEN", asia);
  Finding elsewhere = Make(aws::kSessionTokenRule, "TOKEN-FROM-ANOTHER-FILE", asia, "b.txt");
  std::vector<Finding> findings = {elsewhere, SecretFinding(kSecret, asia), token};
  FakeChecker fake;
  fake.by_secret[kSecret] = Verdict{Status::kExpired, "", {}, {}, {}};
  VerifyFindings(findings, fake.Fn());
  ASSERT_EQ(fake.calls.size(), 1u);
  EXPECT_EQ(fake.calls[0], (std::vector<Credential>{{asia, kSecret, "FwoGZXIvYXdzEXAMPLETOKEN"}}));
  EXPECT_EQ(findings[1].verification.status, Status::kExpired);
  EXPECT_EQ(findings[2].verification.status, Status::kExpired);  // the key's best verdict
}

TEST(VerifyFindingsTest, FindingsWithoutACredentialSayWhy) {
  Finding lone_key = KeyFinding("AKIATCH6YDSYWITJ4DJX");
  Finding bare_secret = Make(aws::kSecretKeyRule, kSecret, std::nullopt);
  Finding smtp =
      Make(aws::kSmtpPasswordRule, "BPmVBvlfjQ0bpDVyFjrrmhdcjJX7IAn2vmDwk2FP2nEO", std::nullopt);
  Finding derived = smtp;
  derived.derived_from_key_id = kKey;
  Finding pem = Make("private-key", "-----BEGIN RSA PRIVATE KEY-----", std::nullopt);
  std::vector<Finding> findings = {lone_key, bare_secret, smtp, derived, pem, SecretFinding()};
  FakeChecker fake;
  fake.by_secret[kSecret] = Valid();
  VerifyFindings(findings, fake.Fn());
  EXPECT_EQ(findings[0].verification.reason, "no_secret");
  EXPECT_EQ(findings[1].verification.reason, "no_key_id");
  EXPECT_EQ(findings[2].verification.reason, "smtp_password");
  EXPECT_EQ(findings[3].verification.status, Status::kValid);  // derived from a live secret
  EXPECT_EQ(findings[4].verification.reason, "not_aws_credential");
}

TEST(VerifyFindingsTest, NothingToCheckMeansNoCall) {
  std::vector<Finding> findings = {KeyFinding()};
  FakeChecker fake;
  VerifyFindings(findings, fake.Fn());
  EXPECT_TRUE(fake.calls.empty());
  EXPECT_EQ(findings[0].verification.status, Status::kSkipped);
}

TEST(VerdictTest, RankPrefersTheMostInformativeVerdict) {
  const Verdict unknown_key{Status::kInvalid, "unknown_key", {}, {}, {}};
  const Verdict timeout{Status::kUnknown, "timeout", {}, {}, {}};
  EXPECT_GT(Valid().Rank(), Expired().Rank());
  EXPECT_GT(Expired().Rank(), WrongSecret().Rank());
  EXPECT_GT(WrongSecret().Rank(), timeout.Rank());
  EXPECT_GT(timeout.Rank(), unknown_key.Rank());
  EXPECT_GT(unknown_key.Rank(), verify::Skipped("canary").Rank());
  EXPECT_EQ(verify::StatusName(Status::kNotChecked), "not_checked");
}

TEST(StsEndpointTest, ParsesHostPortAndPath) {
  auto e = verify::ParseEndpoint("https://sts.eu-west-1.amazonaws.com");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(e->path, "/");
  e = verify::ParseEndpoint("http://127.0.0.1:5000/sts/");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "127.0.0.1:5000");
  EXPECT_EQ(e->path, "/sts/");
  EXPECT_TRUE(verify::ParseEndpoint("http://localhost:8080/").ok());
  EXPECT_TRUE(verify::ParseEndpoint("http://[::1]:8080/").ok());
  e = verify::ParseEndpoint("https://sts.amazonaws.com:443/");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "sts.amazonaws.com");  // a default port is not part of the signed Host
}

TEST(StsEndpointTest, RejectsWhatCannotBeSignedOrWouldLeakCredentials) {
  for (const char* bad : {"ftp://sts.amazonaws.com/", "sts.amazonaws.com", "https://",
                          "https://user:pw@sts.amazonaws.com/", "https://sts.amazonaws.com/?x=1",
                          "https://sts.amazonaws.com/#f", "http://sts.amazonaws.com/",
                          "http://127.0.0.1.sts.invalid:80/"}) {
    auto e = verify::ParseEndpoint(bad);
    EXPECT_FALSE(e.ok()) << bad;
    if (!e.ok()) {
      EXPECT_EQ(e.error().kind, ErrorKind::kUsage);
    }
  }
  verify::StsOptions opts;
  opts.region = "us-east-1\r\nX: y";
  EXPECT_FALSE(verify::StsVerifier::Create(opts).ok());
}

TEST(StsEndpointTest, AmzDateIsUtcBasicFormat) {
  // 2015-08-30T12:36:00Z, the SigV4 suite's request time.
  const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));
  EXPECT_EQ(verify::AmzDate(t), "20150830T123600Z");
}

}  // namespace
}  // namespace ks
