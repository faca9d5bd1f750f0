// FindingCollector: takes a run's findings from any thread, in report order, and hands them to
// the run-wide passes (pipeline/run_passes.h).
//
// Until Start() it only keeps them (a session that has no sink yet); from Start() on each batch
// goes through a FindingStream as it is added, so only what the passes must hold to the end is
// kept, and the sink writes the rest at once. Callers that need a deterministic report add in a
// deterministic order (OrderedScan does); the collector keeps the order it is given.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "findings/finding.h"
#include "pipeline/run_passes.h"

namespace ks {

class FindingCollector {
 public:
  // Takes the findings, leaving `findings` empty. Thread-safe; calls are serialised, so the sink
  // is only ever called by one thread at a time.
  void Add(std::vector<Finding>& findings);
  // Findings added and not yet handed to the passes (0 once started).
  uint64_t count() const;
  // From now on findings go through the passes to `sink` (which must outlive the collector) as
  // they are added; what was kept so far goes first.
  void Start(PassOptions opts, FindingSink& sink);
  bool started() const;
  // True once the report takes no more findings (--max-findings, or the sink failed): a source
  // may stop scanning. Thread-safe, lock-free.
  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }
  // Ends the passes (what was held is linked, verified with `verify` when given, and written)
  // and says what the run reported.
  Result<PassResult> Finish(const CredentialChecker* verify);
  // Start() unless started, then Finish(opts.verify).
  Result<PassResult> Flush(const PassOptions& opts, FindingSink& sink);

 private:
  void Pass(std::vector<Finding>& findings);

  mutable std::mutex mu_;
  std::vector<Finding> findings_;  // before Start()
  std::optional<FindingStream> stream_;
  std::atomic<bool> stopped_{false};
};

}  // namespace ks
