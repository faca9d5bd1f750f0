#include "cli/pipeline.h"

#include <fmt/format.h>

#include "report/text_reporter.h"

namespace ks::cli {

BlobScanner::BlobScanner(std::shared_ptr<const PatternDb> db, Diagnostics* diag)
    : scanner_(db), builder_(db->rules()), diag_(diag) {}

void BlobScanner::Scan(const Blob& blob, std::vector<Finding>* out) {
  out->clear();
  if (Status s = scanner_.Scan(blob.bytes, &matches_); !s) {
    diag_->Error(fmt::format("{}: {}", blob.path, s.error().message));
    return;
  }
  if (!matches_.empty()) builder_.Build(blob, matches_, out);
}

void FindingCollector::Add(std::vector<Finding>& findings) {
  std::lock_guard lock(mu_);
  for (const Finding& f : findings) reporter_->OnFinding(f);
  count_ += findings.size();
}

uint64_t FindingCollector::count() const {
  std::lock_guard lock(mu_);
  return count_;
}

}  // namespace ks::cli
