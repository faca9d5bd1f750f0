#include "pipeline/finding_collector.h"

#include <utility>

namespace ks {

void FindingCollector::Add(std::vector<Finding>& findings) {
  std::lock_guard lock(mu_);
  for (Finding& f : findings) findings_.push_back(std::move(f));
  findings.clear();
}

uint64_t FindingCollector::count() const {
  std::lock_guard lock(mu_);
  return findings_.size();
}

Result<PassResult> FindingCollector::Flush(const PassOptions& opts, FindingSink& sink) {
  std::lock_guard lock(mu_);
  std::vector<Finding> all = std::exchange(findings_, {});
  return RunPasses(all, opts, sink);
}

}  // namespace ks
