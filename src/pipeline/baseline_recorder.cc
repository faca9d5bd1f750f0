#include "pipeline/baseline_recorder.h"

#include <utility>

namespace ks {

// A config-changed finding is no secret to accept: it is never suppressed, so never recorded.
Status BaselineRecorder::Accept(const Finding& f) {
  if (f.rule == kConfigChangedRule) return {};
  baseline::Entry e = baseline::EntryFor(f);
  e.path = paths_.Map(f.path);
  recorded_.push_back(std::move(e));
  return {};
}

std::vector<baseline::Entry> NextBaseline(BaselineAction action,
                                          const std::vector<baseline::Entry>& recorded,
                                          const std::vector<baseline::Entry>& old) {
  if (action == BaselineAction::kCreate) return baseline::Normalize(recorded);
  return baseline::Normalize(baseline::Prune(old, baseline::Fingerprints(recorded)));
}

}  // namespace ks
