#include "pipeline/blob_scanner.h"

#include <fmt/format.h>

#include "builtin/builtin.h"

namespace ks {
namespace {

// Window-relative lines and columns (ChunkWindow) to the whole content's.
void ToContentLines(const WindowPosition& at, std::vector<Finding>* findings) {
  for (Finding& f : *findings) {
    if (f.line == 1) f.column += at.offset - at.line_start;
    f.line += at.lines_before;
  }
}

}  // namespace

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
  if (blob.stream != nullptr) return ScanStream(blob, emit);
  ScanPiece(blob, blob.bytes, 0, blob.bytes.size(), WindowPosition{}, emit);
}

void BlobScanner::ScanStream(const Blob& blob, const FindingBatchFn& emit) {
  static_assert(kChunkMargin >=
                2 * kMaxConfirmWindow + aws::kNeighbourBytes + aws::kRegionSearchBytes + 2);
  static_assert(kMinChunkBytes >= 4 * kChunkMargin);
  ChunkWindow window(ChunkBytes(), kChunkMargin);
  for (;;) {
    auto more = window.Next(*blob.stream);
    if (!more.ok()) {
      diag_->Error(fmt::format("{}: {}", blob.path, more.error().message));
      return;
    }
    if (!*more) return;
    const auto [lo, hi] = window.owned();
    ScanPiece(blob, window.bytes(), lo, hi, window.position(), emit);
  }
}

void BlobScanner::ScanPiece(const Blob& blob, std::string_view bytes, size_t lo, size_t hi,
                            const WindowPosition& at, const FindingBatchFn& emit) {
  if (Status s = scanner_.Scan(bytes, &matches_); !s) {
    diag_->Error(fmt::format("{}: {}", blob.path, s.error().message));
    return;
  }
  if (matches_.empty()) return;
  aws::PairCredentials(bytes, aws_rules_, &matches_);
  if (lo > 0 || hi < bytes.size()) {
    std::erase_if(matches_,
                  [&](const Match& m) { return m.secret_begin < lo || m.secret_begin >= hi; });
  }
  Blob piece = blob;
  piece.bytes = bytes;
  piece.stream = nullptr;
  LineCursor cursor(bytes);
  InlineIgnores inline_ignores(bytes);
  const std::span<const Match> all(matches_);
  for (size_t first = 0; first < all.size(); first += kBatch) {
    batch_.clear();
    builder_.Build(piece, all.subspan(first, std::min(kBatch, all.size() - first)), &cursor,
                   &batch_);
    DropUnwanted(first, inline_ignores, &batch_);
    if (at.offset > 0) ToContentLines(at, &batch_);
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
