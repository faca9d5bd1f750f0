// BaselineRecorder: the sink of `baseline create|prune`. It records each finding as a baseline
// entry instead of reporting it, with a path relative to the scan root, so that where keysweep
// was started from does not change the file.
#pragma once

#include <vector>

#include "baseline/baseline.h"
#include "config/scan_root.h"
#include "pipeline/finding_sink.h"
#include "pipeline/session_options.h"

namespace ks {

class BaselineRecorder : public FindingSink {
 public:
  explicit BaselineRecorder(const config::ScanRoot& root) : paths_(root) {}
  Status Accept(const Finding& f) override;
  Status Complete(const Summary&) override { return {}; }
  const std::vector<baseline::Entry>& recorded() const { return recorded_; }

 private:
  config::RootRelative paths_;
  std::vector<baseline::Entry> recorded_;
};

// The baseline to write: for `create` every fingerprint recorded, for `prune` the entries of
// `old` that were found again. Normalised (sorted, each once).
std::vector<baseline::Entry> NextBaseline(BaselineAction action,
                                          const std::vector<baseline::Entry>& recorded,
                                          const std::vector<baseline::Entry>& old);

}  // namespace ks
