#include "pipeline/ordered_scan.h"

#include <algorithm>
#include <thread>

#include "source/added_lines.h"

namespace ks {

size_t WorkerThreads(size_t requested) {
  return requested > 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}

OrderedScan::OrderedScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag,
                         ScanSettings settings, size_t threads) {
  for (size_t i = 0; i < threads; ++i) {
    scanners_.push_back(std::make_unique<BlobScanner>(db, diag, settings));
  }
}

void OrderedScan::Scan(const Blob& blob, const BlobContext& where) {
  std::vector<Finding> findings;
  scanners_[where.worker]->Scan(blob, &findings);
  if (where.added) {
    std::erase_if(findings, [&](const Finding& f) { return !where.added->Contains(f.line); });
  }
  if (findings.empty()) return;
  std::lock_guard lock(mu_);
  by_seq_.emplace(where.seq, std::move(findings));
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

}  // namespace ks
