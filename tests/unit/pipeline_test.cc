// Tests for the pipeline's pieces: BlobScanner, the thread-safe FindingCollector and the
// run-wide passes.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "builtin/builtin.h"
#include "pipeline/blob_scanner.h"
#include "pipeline/finding_collector.h"
#include "pipeline/rule_loading.h"
#include "report/reporter.h"

namespace ks {
namespace {

class CountingReporter : public Reporter {
 public:
  void OnFinding(const Finding& f) override { rules.push_back(f.rule); }
  void Finish(const Summary& s) override { finished_with = s.findings; }
  std::vector<std::string> rules;
  uint64_t finished_with = 0;
};

class NullDiagnostics : public Diagnostics {
 protected:
  void OnNotice(const std::string&) override {}
  void OnError(const std::string&) override {}
};

constexpr char kCreds[] =
    "aws_access_key_id = AKIARZPUZDIKPFJONNBY\n"
    "aws_secret_access_key = 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\n";

std::shared_ptr<const PatternDb> BuiltinDb() {
  auto loaded = LoadRunRules(RuleOptions{});
  EXPECT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->origin, DbOrigin::kEmbedded);
  return loaded->db;
}

TEST(BlobScannerTest, FindsBothCredentialsWithPositions) {
  NullDiagnostics diag;
  BlobScanner scanner(BuiltinDb(), &diag);
  std::vector<Finding> findings;
  scanner.Scan(Blob{kCreds, "creds", SourceKind::kFile, {}}, &findings);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule, "aws-access-key-id");
  EXPECT_EQ(findings[0].line, 1u);
  EXPECT_EQ(findings[0].column, 21u);
  EXPECT_EQ(findings[0].account_id, "123456789012");
  EXPECT_EQ(findings[1].rule, "aws-secret-access-key");
  EXPECT_EQ(findings[1].line, 2u);
  EXPECT_EQ(diag.errors(), 0u);
}

TEST(BlobScannerTest, ReplacesPreviousFindings) {
  NullDiagnostics diag;
  BlobScanner scanner(BuiltinDb(), &diag);
  std::vector<Finding> findings;
  scanner.Scan(Blob{kCreds, "a", SourceKind::kFile, {}}, &findings);
  scanner.Scan(Blob{"nothing here", "b", SourceKind::kFile, {}}, &findings);
  EXPECT_TRUE(findings.empty());
}

TEST(FindingCollectorTest, ForwardsEveryFindingFromManyThreadsOnFlush) {
  auto db = BuiltinDb();
  CountingReporter reporter;
  FindingCollector collector;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      NullDiagnostics diag;
      BlobScanner scanner(db, &diag);
      std::vector<Finding> findings;
      for (int i = 0; i < 50; ++i) {
        scanner.Scan(Blob{kCreds, "x", SourceKind::kFile, {}}, &findings);
        collector.Add(findings);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(collector.count(), 4u * 50u * 2u);
  EXPECT_TRUE(reporter.rules.empty());  // nothing is reported before the run-wide passes
  ASSERT_TRUE(collector.Flush(PassOptions{}, reporter).ok());
  EXPECT_EQ(reporter.rules.size(), 4u * 50u * 2u);
  EXPECT_EQ(collector.count(), 0u);
}

}  // namespace
}  // namespace ks
