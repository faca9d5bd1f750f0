#include "pipeline/blob_scanner.h"

#include <fmt/format.h>

#include "builtin/builtin.h"
#include "findings/inline_ignore.h"

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
  if (Status s = scanner_.Scan(blob.bytes, &matches_); !s) {
    diag_->Error(fmt::format("{}: {}", blob.path, s.error().message));
    return;
  }
  if (matches_.empty()) return;
  aws::PairCredentials(blob.bytes, aws_rules_, &matches_);
  builder_.Build(blob, matches_, out);
  DropUnwanted(blob.bytes, out);
}

// Examples (unless asked for) and findings on a line with an inline ignore marker. Build() made
// (*out)[i] from matches_[i], whose offset finds the line while the blob's bytes still exist.
void BlobScanner::DropUnwanted(std::string_view bytes, std::vector<Finding>* out) const {
  InlineIgnores inline_ignores(bytes);
  uint64_t ignored = 0;
  size_t kept = 0;
  for (size_t i = 0; i < out->size(); ++i) {
    if ((*out)[i].example && !settings_.include_examples) continue;
    if (inline_ignores.Ignored(matches_[i].secret_begin)) {
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
