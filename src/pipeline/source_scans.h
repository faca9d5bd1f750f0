// The scans of the file and staged sources into a session: each source's blobs through an
// OrderedScan (one BlobScanner per worker), their findings into the session's collector in the
// source's order, and what was read as a Summary for the report. (History has its own driver,
// pipeline/repository_scan.h.)
#pragma once

#include <string>
#include <vector>

#include "pipeline/progress_observer.h"
#include "pipeline/scan_session.h"
#include "pipeline/summary.h"
#include "util/result.h"

namespace ks {

// Files, directories and stdin ("-"), read on `threads` workers (0: one per CPU). Unreadable
// files are errors in the session's Diagnostics; the scan goes on.
Summary ScanFiles(ScanSession& session, const std::vector<std::string>& paths, size_t threads,
                  const ProgressFactory& progress = NoProgress);

// What the next commit of the repository holding `repo_dir` adds, as staged in the index
// (`index_file` when not empty, as git names it to a hook); only findings on added lines count.
Result<Summary> ScanStaged(ScanSession& session, const std::string& repo_dir,
                           const std::string& index_file);

}  // namespace ks
