#include "pipeline/blob_scanner.h"

#include <fmt/format.h>

#include "builtin/builtin.h"

namespace ks {

const aws::CanaryAccounts& Canaries() {
  static const aws::CanaryAccounts kCanaries =
      aws::CanaryAccounts::Parse(builtin::DataFile("canary-accounts.txt"));
  return kCanaries;
}

BlobScanner::BlobScanner(std::shared_ptr<const PatternDb> db, Diagnostics* diag,
                         ScanSettings settings)
    : scanner_(db),
      aws_rules_(aws::AwsRules::Resolve(db->rules())),
      builder_(db->rules(), Canaries()),
      settings_(settings),
      diag_(diag) {}

void BlobScanner::Scan(const Blob& blob, std::vector<Finding>* out) {
  out->clear();
  Scan(blob, [out](std::vector<Finding>& batch) {
    for (Finding& f : batch) out->push_back(std::move(f));
  });
}

void BlobScanner::Scan(const Blob& blob, const FindingBatchFn& emit) {
  if (Status s = scanner_.Scan(blob.bytes, &matches_); !s) {
    diag_->Error(fmt::format("{}: {}", blob.path, s.error().message));
    return;
  }
  if (matches_.empty()) return;
  aws::PairCredentials(blob.bytes, aws_rules_, &matches_);
  LineCursor cursor(blob.bytes);
  InlineIgnores inline_ignores(blob.bytes);
  const std::span<const Match> all(matches_);
  for (size_t first = 0; first < all.size(); first += kBatch) {
    batch_.clear();
    builder_.Build(blob, all.subspan(first, std::min(kBatch, all.size() - first)), &cursor,
                   &batch_);
    DropUnwanted(first, inline_ignores, &batch_);
    if (!batch_.empty()) emit(batch_);
  }
  batch_.clear();
  // One blob with a huge number of matches should not keep its buffer for the rest of the run.
  if (matches_.capacity() > kBatch * 64) std::vector<Match>().swap(matches_);
}

// Examples (unless asked for) and findings on a line with an inline ignore marker. Build() made
// (*out)[i] from matches_[first + i], whose offset finds the line while the blob's bytes still
// exist.
void BlobScanner::DropUnwanted(size_t first, InlineIgnores& inline_ignores,
                               std::vector<Finding>* out) const {
  uint64_t ignored = 0;
  size_t kept = 0;
  for (size_t i = 0; i < out->size(); ++i) {
    if ((*out)[i].example && !settings_.include_examples) continue;
    if (inline_ignores.Ignored(matches_[first + i].secret_begin)) {
      ++ignored;
      continue;
    }
    if (kept != i) (*out)[kept] = std::move((*out)[i]);
    ++kept;
  }
  out->resize(kept);
  if (ignored > 0 && settings_.inline_ignored) *settings_.inline_ignored += ignored;
}

}  // namespace ks
