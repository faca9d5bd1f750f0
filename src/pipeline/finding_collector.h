// FindingCollector: gathers a run's findings from any thread until the run-wide passes
// (pipeline/run_passes.h) take them, in the order they were added.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "findings/finding.h"
#include "pipeline/run_passes.h"

namespace ks {

class FindingCollector {
 public:
  // Takes the findings, leaving `findings` empty. Thread-safe.
  void Add(std::vector<Finding>& findings);
  uint64_t count() const;
  // Runs the passes over everything collected and hands the result to `sink`; the collector is
  // empty afterwards.
  Result<PassResult> Flush(const PassOptions& opts, FindingSink& sink);

 private:
  mutable std::mutex mu_;
  std::vector<Finding> findings_;
};

}  // namespace ks
