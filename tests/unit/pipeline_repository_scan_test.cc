// Unit tests for pipeline/repository_scan (with pipeline/history_scan): history scans of real
// temporary repositories into a session, with provenance, --state and several repositories.
#include <gtest/gtest.h>

#include "pipeline/repository_scan.h"
#include "temp_dir.h"
#include "temp_repo.h"
#include "test_doubles.h"

namespace ks {
namespace {

using testing::QuietDiagnostics;
using testing::RecordingDiagnostics;
using testing::RecordingSink;

using ::ks::testing::TempRepo;

constexpr char kCreds[] =
    "aws_access_key_id = AKIARZPUZDIKPFJONNBY\n"
    "aws_secret_access_key = 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\n";

struct Scanned {
  Summary summary;
  std::vector<Finding> findings;
  uint64_t errors = 0;
};

Scanned Scan(const std::vector<std::string>& specs, HistoryRunOptions opts = {}) {
  QuietDiagnostics diag;
  auto session = ScanSession::Create(SessionOptions{}, {}, &diag);
  EXPECT_TRUE(session.ok());
  Scanned out;
  opts.source.threads = 2;
  EXPECT_TRUE(ScanRepositories(*session, specs, opts, &out.summary));
  RecordingSink sink;
  EXPECT_TRUE(session->Finish(out.summary, sink).ok());
  out.findings = sink.found;
  out.errors = diag.errors();
  return out;
}

std::vector<std::string> Places(const std::vector<Finding>& findings, const std::string& rule) {
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    if (f.rule == rule) out.push_back(f.commit.value_or("-").substr(0, 7) + ":" + f.path);
  }
  return out;
}

TEST(RepositoryScanTest, AFindingIsReportedWhereItWasFirstIntroduced) {
  TempRepo repo;
  repo.Write("a.env", kCreds);
  const std::string first = repo.Commit("add").Hex().substr(0, 7);
  repo.Git("mv a.env b.env");
  const std::string second = repo.Commit("rename").Hex().substr(0, 7);
  const Scanned oldest = Scan({repo.dir()});
  EXPECT_EQ(Places(oldest.findings, "aws-access-key-id"),
            std::vector<std::string>{first + ":a.env"});
  EXPECT_EQ(oldest.summary.commits_scanned, 2u);
  EXPECT_EQ(oldest.summary.blobs_scanned, 1u);  // the renamed blob is read once
  HistoryRunOptions all;
  all.max_provenance = 0;
  EXPECT_EQ(Places(Scan({repo.dir()}, all).findings, "aws-access-key-id"),
            (std::vector<std::string>{first + ":a.env", second + ":b.env"}));
}

TEST(RepositoryScanTest, ASecretInACommitMessageIsReportedAtTheCommit) {
  TempRepo repo;
  repo.Write("readme", "nothing\n");
  const git::Oid id = repo.Commit("key AKIARZPUZDIKPFJONNBY");
  const Scanned s = Scan({repo.dir()});
  ASSERT_EQ(s.findings.size(), 1u);
  EXPECT_EQ(s.findings[0].path, "commit:" + id.Hex());
  EXPECT_EQ(s.findings[0].commit, id.Hex());
}

TEST(RepositoryScanTest, AStateMakesTheNextRunReadNothingOldAndStillReportEverything) {
  TempRepo repo;
  testing::TempDir dir;
  repo.Write("a.env", kCreds);
  repo.Commit("add");
  HistoryRunOptions opts;
  opts.state = (dir.path() / "state").string();
  const Scanned first = Scan({repo.dir()}, opts);
  EXPECT_EQ(first.summary.blobs_scanned, 1u);
  const Scanned again = Scan({repo.dir()}, opts);
  EXPECT_EQ(again.summary.blobs_scanned, 0u);
  EXPECT_EQ(Places(again.findings, "aws-access-key-id"),
            Places(first.findings, "aws-access-key-id"));
  repo.Write("b.env", "nothing new\n");
  repo.Commit("more");
  EXPECT_EQ(Scan({repo.dir()}, opts).summary.blobs_scanned, 1u);
}

TEST(RepositoryScanTest, RepositoriesOfOneRunReadASharedBlobOnceAndBothReportIt) {
  TempRepo one, two;
  one.Write("a.env", kCreds);
  one.Commit("one");
  two.Write("copy.env", kCreds);
  two.Commit("two");
  const Scanned s = Scan({one.dir(), two.dir()});
  EXPECT_EQ(s.summary.blobs_scanned, 1u);
  std::set<std::string> repositories;
  for (const Finding& f : s.findings) repositories.insert(f.repository.value_or(""));
  EXPECT_EQ(repositories.size(), 2u);
  EXPECT_EQ(s.findings.size(), 4u);
}

TEST(RepositoryScanTest, OneUnreadableRepositoryOfSeveralIsAnErrorButTheOthersAreScanned) {
  TempRepo repo;
  testing::TempDir empty;
  repo.Write("a.env", kCreds);
  repo.Commit("add");
  const Scanned s = Scan({empty.path().string(), repo.dir()});
  EXPECT_EQ(s.errors, 1u);
  EXPECT_EQ(s.findings.size(), 2u);
}

}  // namespace
}  // namespace ks
