// OrderedScan: scans the blobs a source hands to its workers, one BlobScanner per worker, and
// delivers their findings in the source's order (BlobContext::seq), so a report never depends on
// thread timing.
//
// Scan() may be called from any thread; calls with the same worker must not overlap (the
// sources guarantee it). Deliver() runs once the source is done, on one thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/blob_scanner.h"
#include "pipeline/finding_collector.h"

namespace ks {

// `requested` threads, or one per hardware thread when 0.
size_t WorkerThreads(size_t requested);

class OrderedScan {
 public:
  OrderedScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag, ScanSettings settings,
              size_t threads);
  // `keep`, when given, drops findings (the staged scan keeps only those on added lines).
  void Scan(size_t worker, size_t seq, const Blob& blob,
            const std::function<bool(const Finding&)>& keep = nullptr);
  // Hands every finding to `collector`, stamped with `repository` when it is given.
  void Deliver(FindingCollector& collector, const std::optional<std::string>& repository = {});

 private:
  std::vector<std::unique_ptr<BlobScanner>> scanners_;
  std::mutex mu_;
  std::map<size_t, std::vector<Finding>> by_seq_;
};

}  // namespace ks
