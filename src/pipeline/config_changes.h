// `config-changed` findings: in a range scan, the commits of the range that change a setting
// file the run read from the range's base (ScanSession::settings_paths()).
//
// The scan itself is not weakened by such a change (the base's version was read), but whoever
// reviews the range must see it: once merged, it applies to every later scan. One finding per
// changed file, at the oldest commit of the range that introduced a new version of it (a path
// as "dir/" covers every file under that directory). A file the range deletes is not reported:
// deleting a setting does not weaken the range's scan. Severity low; see findings/finding.h.
#pragma once

#include <string>
#include <vector>

#include "findings/finding.h"
#include "history/history_source.h"

namespace ks {

std::vector<Finding> ConfigChanges(HistorySource& source,
                                   const std::vector<std::string>& settings_paths,
                                   const std::string& repository);

// One config-changed finding (exposed for tests): `path` changed to `blob` in `commit`.
Finding ConfigChangedFinding(const std::string& path, const std::string& blob,
                             const CommitInfo& commit);

}  // namespace ks
