// What a repository command needs to know of the repository it reads, beyond its blobs: where
// its configuration lives and what the report says about it.
#pragma once

#include <string>

#include "config/scan_root.h"
#include "git/head.h"
#include "pipeline/summary.h"

namespace ks {

// The scan root of a repository command (`history`, `staged`): the working tree's root, or none
// for a bare repository (or a path that is not a repository, which the source then reports).
config::ScanRoot RepoScanRoot(const std::string& repo);

// Records which repository a git source read, and its HEAD, for the report (SARIF provenance).
void DescribeRepository(git::HeadInfo head, Summary* summary);

}  // namespace ks
