// BlobScanner: one blob's bytes in, its findings out (Scanner → pairing → FindingBuilder →
// examples and inline markers dropped).
//
// A streamed blob (Blob::stream, for content over ChunkBytes()) is scanned a ChunkWindow at a
// time: windows of ChunkBytes() overlapping by 2 * kChunkMargin, each keeping only the matches
// whose secret starts in the part it owns, with lines and columns counted over the whole
// content. The findings are those of a scan of the whole, in the same order, except that a line
// longer than kChunkMargin is seen only kChunkMargin bytes either side of a secret (an inline
// marker further away on the same line, or an SMTP keyword further back, is not seen).
// Chunking is done here rather than in the sources because only the scanner knows how much
// context its stages need; sources still hand over one Blob per item.
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
#include "pipeline/chunk_window.h"
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

  // Context either side of an owned secret in a chunked scan. It must cover a whole match
  // (kMaxConfirmWindow) plus the byte the boundary filters look at, the key ID a secret pairs
  // with (kNeighbourBytes further, itself a match) and the SES endpoint searched around an SMTP
  // password (kRegionSearchBytes); 64 KiB is more than all of that, and keeps ordinary lines
  // whole for inline markers, for 1.6% of an 8 MiB chunk scanned twice.
  static constexpr size_t kChunkMargin = size_t{64} << 10;

  BlobScanner(std::shared_ptr<const PatternDb> db, Diagnostics* diag, ScanSettings settings = {});
  // Replaces *out with the blob's findings; scan failures go to Diagnostics.
  void Scan(const Blob& blob, std::vector<Finding>* out);
  // Hands the blob's findings, in order, to `emit` in batches of at most kBatch (none when it
  // has none).
  void Scan(const Blob& blob, const FindingBatchFn& emit);

 private:
  // Scans `bytes` (the whole blob, or one window of it at `at`) and emits the findings whose
  // secret starts in [lo, hi), with lines and columns relative to the whole content.
  void ScanPiece(const Blob& blob, std::string_view bytes, size_t lo, size_t hi,
                 const WindowPosition& at, const FindingBatchFn& emit);
  void ScanStream(const Blob& blob, const FindingBatchFn& emit);
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
