// OrderedScan: scans the blobs a source hands to its workers, one BlobScanner per worker, and
// delivers their findings in the source's order (BlobContext::seq), so a report never depends on
// thread timing.
//
// Scan() may be called from any thread; calls with the same worker must not overlap (the
// sources guarantee it). Deliver() runs once the source is done, on one thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/blob_scanner.h"
#include "pipeline/finding_collector.h"
#include "source/source.h"

namespace ks {

// `requested` threads, or one per hardware thread when 0.
size_t WorkerThreads(size_t requested);

class OrderedScan {
 public:
  OrderedScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag, ScanSettings settings,
              size_t threads);
  // A source's visitor: scans on `where.worker`'s scanner and, when the source names the lines
  // a change adds (the staged source), keeps only findings that start on one of them.
  void Scan(const Blob& blob, const BlobContext& where);
  BlobVisitor Visitor() {
    return [this](const Blob& blob, const BlobContext& where) { Scan(blob, where); };
  }
  // Hands every finding to `collector`, stamped with `repository` when it is given.
  void Deliver(FindingCollector& collector, const std::optional<std::string>& repository = {});

 private:
  std::vector<std::unique_ptr<BlobScanner>> scanners_;
  std::mutex mu_;
  std::map<size_t, std::vector<Finding>> by_seq_;
};

}  // namespace ks
