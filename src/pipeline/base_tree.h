// The tree of a range scan's base commit, as the config::CommittedTree the session reads the
// repository's settings from (config/committed.h), and how a history run finds its base.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/committed.h"
#include "config/scan_root.h"
#include "util/result.h"

namespace ks {

// The commit `revision` names in the repository containing `repo`, read through git
// (git/blob_at_path.h). Errors: no repository, an unknown revision.
Result<std::shared_ptr<const config::CommittedTree>> OpenBaseTree(const std::string& repo,
                                                                  const std::string& revision);

// The base of a history run over `exclude` (the revisions whose history a range leaves out:
// A of `A..B`, then --since's REV): the first of them, or empty when the run is no range.
// With several (`A..B --since C`), the first is the one the range names; documented in README.
std::string RangeBase(const std::vector<std::string>& exclude);

}  // namespace ks
