// Which part of a history a run scans: the revisions to walk from and those whose history is
// left out, from a range argument and the history options (README "history").
#pragma once

#include <string>

#include "history/history_source.h"
#include "util/result.h"

namespace ks {

struct RevisionArgs {
  std::string range;   // "A..B" (either side may be empty: HEAD), or one revision
  std::string since;   // only what commits after this revision introduced
  std::string branch;  // only the history of this ref
  bool all_objects = false;
};

// Fills `h`'s include, exclude and all_objects; usage errors for what cannot be combined
// (a range with a branch, a range with --all-objects) and for symmetric ranges (A...B).
Status SelectRevisions(const RevisionArgs& args, HistoryOptions* h);

}  // namespace ks
