// Unit tests for pipeline/run_passes: the order of the run-wide passes and what each does.
#include <gtest/gtest.h>

#include "pipeline/run_passes.h"

namespace ks {
namespace {

class RecordingSink : public FindingSink {
 public:
  explicit RecordingSink(size_t fail_after = SIZE_MAX) : fail_after_(fail_after) {}
  Status Accept(const Finding& f) override {
    if (accepted.size() == fail_after_) return MakeError(ErrorKind::kInput, "disk full");
    accepted.push_back(f.secret.Reveal());
    return {};
  }
  Status Complete(const Summary&) override { return {}; }
  std::vector<std::string> accepted;

 private:
  size_t fail_after_;
};

Finding Make(const std::string& secret, Severity severity = Severity::kHigh) {
  Finding f;
  f.rule = "aws-secret-access-key";
  f.secret = Secret(secret);
  f.key_id = "AKIA" + secret;
  f.severity = severity;
  return f;
}

// A checker that records the secrets it was asked about and calls those ending in "live" valid.
struct FakeChecker {
  std::vector<std::string> asked;
  CredentialChecker Fn() {
    return [this](const std::vector<verify::Credential>& creds) {
      std::vector<verify::Verdict> out;
      for (const auto& c : creds) {
        asked.push_back(c.secret);
        const bool live = c.secret.ends_with("live");
        out.push_back(verify::Verdict{
            live ? verify::Status::kValid : verify::Status::kInvalid, "", {}, {}, {}});
      }
      return out;
    };
  }
};

TEST(RunPassesTest, EverythingReachesTheSinkInOrderWithNoOptions) {
  std::vector<Finding> findings{Make("one"), Make("two")};
  RecordingSink sink;
  auto r = RunPasses(findings, PassOptions{}, sink);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(sink.accepted, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(r->reported, 2u);
  EXPECT_EQ(r->failing, 2u);
  EXPECT_EQ(r->live, 0u);
}

TEST(RunPassesTest, SuppressedFindingsAreNeverSentToTheLiveCheck) {
  std::vector<Finding> findings{Make("accepted"), Make("live")};
  FakeChecker checker;
  const CredentialChecker check = checker.Fn();
  PassOptions opts;
  opts.verify = &check;
  opts.suppress = [](const Finding& f) { return f.secret.Reveal() == "accepted"; };
  RecordingSink sink;
  auto r = RunPasses(findings, opts, sink);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(checker.asked, std::vector<std::string>{"live"});
  EXPECT_EQ(sink.accepted, std::vector<std::string>{"live"});
  EXPECT_EQ(r->live, 1u);
}

TEST(RunPassesTest, OnlyVerifiedDropsWhatIsNotLiveAndTheFailPolicyCounts) {
  std::vector<Finding> findings{Make("dead"), Make("live"), Make("xlive", Severity::kLow)};
  FakeChecker checker;
  const CredentialChecker check = checker.Fn();
  PassOptions opts;
  opts.verify = &check;
  opts.only_verified = true;
  opts.fails = [](const Finding& f) { return f.severity == Severity::kHigh; };
  RecordingSink sink;
  auto r = RunPasses(findings, opts, sink);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(sink.accepted, (std::vector<std::string>{"live", "xlive"}));
  EXPECT_EQ(r->reported, 2u);
  EXPECT_EQ(r->failing, 1u);
}

TEST(RunPassesTest, ASinkErrorStopsTheDeliveryAndIsReturned) {
  std::vector<Finding> findings{Make("one"), Make("two"), Make("three")};
  RecordingSink sink(/*fail_after=*/1);
  auto r = RunPasses(findings, PassOptions{}, sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "disk full");
  EXPECT_EQ(sink.accepted, std::vector<std::string>{"one"});
}

}  // namespace
}  // namespace ks
