#include "cli/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "aws/smtp.h"
#include "builtin/builtin.h"
#include "findings/inline_ignore.h"
#include "findings/smtp_linkage.h"
#include "report/text_reporter.h"

namespace ks::cli {

// The canary list is built-in data, parsed once per process.
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

size_t WorkerThreads(size_t requested) {
  return requested > 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}

OrderedScan::OrderedScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag,
                         ScanSettings settings, size_t threads) {
  for (size_t i = 0; i < threads; ++i) {
    scanners_.push_back(std::make_unique<BlobScanner>(db, diag, settings));
  }
}

void OrderedScan::Scan(size_t worker, size_t seq, const Blob& blob,
                       const std::function<bool(const Finding&)>& keep) {
  std::vector<Finding> findings;
  scanners_[worker]->Scan(blob, &findings);
  if (keep) std::erase_if(findings, [&](const Finding& f) { return !keep(f); });
  if (findings.empty()) return;
  std::lock_guard lock(mu_);
  by_seq_.emplace(seq, std::move(findings));
}

void OrderedScan::Deliver(FindingCollector& collector,
                          const std::optional<std::string>& repository) {
  for (auto& [seq, findings] : by_seq_) {
    if (repository) {
      for (Finding& f : findings) f.repository = repository;
    }
    collector.Add(findings);
  }
}

void FindingCollector::Add(std::vector<Finding>& findings) {
  std::lock_guard lock(mu_);
  for (Finding& f : findings) findings_.push_back(std::move(f));
  findings.clear();
}

uint64_t FindingCollector::count() const {
  std::lock_guard lock(mu_);
  return findings_.size();
}

FlushResult FindingCollector::Flush(const FlushOptions& opts) {
  static const std::vector<std::string> kRegions =
      aws::ParseRegionList(builtin::DataFile("ses-regions.txt"));
  std::lock_guard lock(mu_);
  LinkSmtpPasswords(std::string(aws::kSmtpPasswordRule), std::string(aws::kSecretKeyRule), kRegions,
                    &findings_);
  if (opts.suppress) std::erase_if(findings_, opts.suppress);
  if (opts.verify) VerifyFindings(findings_, *opts.verify);
  FlushResult result;
  for (const Finding& f : findings_) {
    const bool live = f.verification.status == verify::Status::kValid;
    if (opts.only_verified && !live) continue;
    reporter_->OnFinding(f);
    ++result.reported;
    result.live += live ? 1 : 0;
    result.failing += !opts.fails || opts.fails(f) ? 1 : 0;
  }
  return result;
}

}  // namespace ks::cli
