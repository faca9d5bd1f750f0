// BlobScanner: one blob's bytes in, its findings out (Scanner → pairing → FindingBuilder →
// examples and inline markers dropped).
//
// One per thread: it owns a Scanner, whose Hyperscan scratch must not be shared. The PatternDb
// is shared and immutable; the Diagnostics must be thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "aws/canaries.h"
#include "aws/pairing.h"
#include "engine/pattern_db.h"
#include "findings/finding.h"
#include "findings/finding_builder.h"
#include "findings/inline_ignore.h"
#include "scan/scanner.h"
#include "source/blob.h"
#include "util/diagnostics.h"

namespace ks {

// Per-run settings that shape which findings a blob yields.
struct ScanSettings {
  bool include_examples = false;  // keep AWS documentation examples and placeholders
  // Counts the findings an inline marker dropped (findings/inline_ignore.h); may be null.
  std::atomic<uint64_t>* inline_ignored = nullptr;
};

// The built-in canary account list, parsed once per process.
const aws::CanaryAccounts& Canaries();

// Takes a batch of a blob's findings (and may move them out of the vector).
using FindingBatchFn = std::function<void(std::vector<Finding>& batch)>;

class BlobScanner {
 public:
  // Findings are built this many matches at a time, so a blob with a million keys never holds a
  // million Findings at once.
  static constexpr size_t kBatch = 1024;

  BlobScanner(std::shared_ptr<const PatternDb> db, Diagnostics* diag, ScanSettings settings = {});
  // Replaces *out with the blob's findings; scan failures go to Diagnostics.
  void Scan(const Blob& blob, std::vector<Finding>* out);
  // Hands the blob's findings, in order, to `emit` in batches of at most kBatch (none when it
  // has none).
  void Scan(const Blob& blob, const FindingBatchFn& emit);

 private:
  void DropUnwanted(size_t first, InlineIgnores& inline_ignores, std::vector<Finding>* out) const;

  Scanner scanner_;
  aws::AwsRules aws_rules_;
  FindingBuilder builder_;
  ScanSettings settings_;
  Diagnostics* diag_;
  std::vector<Match> matches_;
  std::vector<Finding> batch_;
};

}  // namespace ks
