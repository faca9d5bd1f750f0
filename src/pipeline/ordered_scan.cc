#include "pipeline/ordered_scan.h"

#include <algorithm>
#include <iterator>
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
  if (stream_ && stream_->stopped()) return;
  scanners_[where.worker]->Scan(blob, [&](std::vector<Finding>& batch) {
    if (where.added) {
      std::erase_if(batch, [&](const Finding& f) { return !where.added->Contains(f.line); });
    }
    if (!batch.empty()) Put(where.seq, batch);
  });
}

void OrderedScan::Put(size_t seq, std::vector<Finding>& batch) {
  std::unique_lock lock(mu_);
  if (stream_) {
    turn_.wait(lock, [&] { return seq == next_ || held_ < kMaxHeld; });
    if (seq == next_) return stream_->Add(batch);
    held_ += batch.size();
  }
  std::vector<Finding>& kept = by_seq_[seq];
  std::move(batch.begin(), batch.end(), std::back_inserter(kept));
  batch.clear();
}

void OrderedScan::Done(size_t seq) {
  std::lock_guard lock(mu_);
  done_.insert(seq);
  Advance();
}

// Moves next_ past every seq that is done, handing over what each new turn had waiting.
void OrderedScan::Advance() {
  bool moved = false;
  while (done_.erase(next_) > 0) {
    ++next_;
    moved = true;
    auto it = by_seq_.find(next_);
    if (it == by_seq_.end() || !stream_) continue;
    held_ -= it->second.size();
    stream_->Add(it->second);
    by_seq_.erase(it);
  }
  if (moved) turn_.notify_all();
}

void OrderedScan::Deliver(FindingCollector& collector,
                          const std::optional<std::string>& repository) {
  std::lock_guard lock(mu_);
  for (auto& [seq, findings] : by_seq_) {
    if (repository) {
      for (Finding& f : findings) f.repository = repository;
    }
    collector.Add(findings);
  }
  by_seq_.clear();
  held_ = 0;
}

}  // namespace ks
