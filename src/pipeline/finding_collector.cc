#include "pipeline/finding_collector.h"

#include <utility>

namespace ks {

void FindingCollector::Add(std::vector<Finding>& findings) {
  std::lock_guard lock(mu_);
  if (stream_) return Pass(findings);
  for (Finding& f : findings) findings_.push_back(std::move(f));
  findings.clear();
}

void FindingCollector::Pass(std::vector<Finding>& findings) {
  for (Finding& f : findings) stream_->Add(std::move(f));
  findings.clear();
  if (stream_->stopped()) stopped_.store(true, std::memory_order_relaxed);
}

uint64_t FindingCollector::count() const {
  std::lock_guard lock(mu_);
  return findings_.size();
}

void FindingCollector::Start(PassOptions opts, FindingSink& sink) {
  std::lock_guard lock(mu_);
  if (stream_) return;
  stream_.emplace(std::move(opts), sink);
  std::vector<Finding> kept = std::exchange(findings_, {});
  Pass(kept);
}

bool FindingCollector::started() const {
  std::lock_guard lock(mu_);
  return stream_.has_value();
}

Result<PassResult> FindingCollector::Finish(const CredentialChecker* verify) {
  std::lock_guard lock(mu_);
  if (!stream_) return PassResult{};
  auto result = stream_->Finish(verify);
  stream_.reset();
  stopped_.store(true, std::memory_order_relaxed);
  return result;
}

Result<PassResult> FindingCollector::Flush(const PassOptions& opts, FindingSink& sink) {
  PassOptions start = opts;
  start.verifying = start.verifying || opts.verify != nullptr;
  Start(std::move(start), sink);
  return Finish(opts.verify);
}

}  // namespace ks
