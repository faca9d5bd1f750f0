#include "pipeline/baseline_recorder.h"

#include <utility>

namespace ks {

Status BaselineRecorder::Accept(const Finding& f) {
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
