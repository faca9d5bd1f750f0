// Tests for inline ignore markers: the line lookup on its own, and through the real scanner.
#include "findings/inline_ignore.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "pipeline/blob_scanner.h"
#include "pipeline/rule_loading.h"

namespace ks {
namespace {

TEST(InlineIgnoreTest, EveryMarkerIsRecognised) {
  for (std::string_view m : kInlineIgnoreMarkers) {
    EXPECT_TRUE(HasIgnoreMarker(std::string("key = 'AKIA...'  # ") + std::string(m))) << m;
  }
  EXPECT_TRUE(HasIgnoreMarker("x = 1 // pragma: allowlist secret"));
  EXPECT_FALSE(HasIgnoreMarker("x = 1 // GITLEAKS:ALLOW"));  // exact, as the peers write them
  EXPECT_FALSE(HasIgnoreMarker("x = 1 // keysweep allow"));
  EXPECT_FALSE(HasIgnoreMarker(""));
}

TEST(InlineIgnoreTest, OnlyTheLineHoldingTheOffsetCounts) {
  const std::string text =
      "first # keysweep:allow\n"
      "second\n"
      "third # trufflehog:ignore";
  InlineIgnores ig(text);
  EXPECT_TRUE(ig.Ignored(0));
  EXPECT_TRUE(ig.Ignored(5));
  EXPECT_FALSE(ig.Ignored(text.find("second")));
  EXPECT_FALSE(ig.Ignored(text.find("second") + 6));  // its newline
  EXPECT_TRUE(ig.Ignored(text.find("third")));        // last line, no newline
  EXPECT_FALSE(ig.Ignored(text.find("second")));      // going back still works
  EXPECT_TRUE(ig.Ignored(text.size()));
}

TEST(InlineIgnoreTest, MarkerOnTheNextLineDoesNotCount) {
  const std::string text = "key\n# gitleaks:allow\n";
  InlineIgnores ig(text);
  EXPECT_FALSE(ig.Ignored(0));
  EXPECT_TRUE(ig.Ignored(5));
}

class QuietDiagnostics : public Diagnostics {
 protected:
  void OnNotice(const std::string&) override {}
  void OnError(const std::string&) override {}
};

TEST(InlineIgnoreTest, ScannerDropsMarkedFindingsAndCountsThem) {
  auto db = LoadRunRules(RuleOptions{});
  ASSERT_TRUE(db.ok());
  QuietDiagnostics diag;
  std::atomic<uint64_t> ignored{0};
  BlobScanner scanner(db->db, &diag, ScanSettings{false, &ignored});
  const std::string text =
      "aws_access_key_id = AKIARZPUZDIKPFJONNBY  # pragma: allowlist secret\n"
      "aws_secret_access_key = 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\n"
      "\n\n\n\n\n\n\n\n"  // far enough that the next key ID is not this secret's pair
      "other = AKIATCH6YDSYWITJ4DJX # kingfisher:ignore\n";
  std::vector<Finding> findings;
  scanner.Scan(Blob{text, "f", SourceKind::kFile, {}}, &findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "aws-secret-access-key");
  EXPECT_EQ(findings[0].line, 2u);
  // Pairing happened before the marked key ID was dropped: the secret still names its key.
  EXPECT_EQ(findings[0].key_id, "AKIARZPUZDIKPFJONNBY");
  EXPECT_EQ(ignored.load(), 2u);
}

}  // namespace
}  // namespace ks
