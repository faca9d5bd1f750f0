// OrderedScan: scans the blobs a source hands to its workers, one BlobScanner per worker, and
// delivers their findings in the source's order (BlobContext::seq), so a report never depends on
// thread timing.
//
// Two ways to deliver:
//  - Streaming (StreamTo(), for a source that says when it is done with each seq, like
//    FileSource's SourceOptions::on_done): the findings of the lowest seq not yet done go to the
//    collector as they are found, those of later seqs wait for their turn. At most kMaxHeld
//    findings wait; past that, a worker whose turn has not come waits too (the worker with the
//    lowest seq never does, so the scan always moves on). Memory stays bounded however many
//    findings the run has.
//  - At the end (Deliver()): everything found is kept and handed over once the source is done.
//
// Scan() may be called from any thread; calls with the same worker must not overlap (the
// sources guarantee it). Done() may be called from any thread, once per seq, after that seq's
// Scan() returned. Deliver() runs once the source is done, on one thread.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
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
  static constexpr size_t kMaxHeld = 16384;

  OrderedScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag, ScanSettings settings,
              size_t threads);
  // Findings go to `collector` as soon as their turn comes; the source must then call Done()
  // for every seq from 0 up, and its items must be claimed in ascending seq order (ParallelFor).
  void StreamTo(FindingCollector& collector) { stream_ = &collector; }
  // A source's visitor: scans on `where.worker`'s scanner and, when the source names the lines
  // a change adds (the staged source), keeps only findings that start on one of them. Once the
  // collector is stopped (--max-findings), blobs are no longer scanned.
  void Scan(const Blob& blob, const BlobContext& where);
  BlobVisitor Visitor() {
    return [this](const Blob& blob, const BlobContext& where) { Scan(blob, where); };
  }
  // The source is done with `seq` (scanned, skipped or unreadable).
  void Done(size_t seq);
  // Hands every finding still kept to `collector`, in seq order, stamped with `repository`
  // when it is given.
  void Deliver(FindingCollector& collector, const std::optional<std::string>& repository = {});

 private:
  void Put(size_t seq, std::vector<Finding>& batch);
  void Advance();

  std::vector<std::unique_ptr<BlobScanner>> scanners_;
  FindingCollector* stream_ = nullptr;
  std::mutex mu_;
  std::condition_variable turn_;
  std::map<size_t, std::vector<Finding>> by_seq_;  // waiting for their turn
  size_t held_ = 0;                                // findings in by_seq_
  size_t next_ = 0;                                // the seq whose findings go out now
  std::set<size_t> done_;                          // done, above next_
};

}  // namespace ks
