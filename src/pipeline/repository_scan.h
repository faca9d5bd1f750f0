// The history scan of one run: each repository (a path, or a clone URL mirrored first) scanned
// into the session's collector, with --state and multi-repository sharing.
//
// Repositories of one run share their blobs: each blob is read once, in the first repository
// that has it, and its findings are attributed again in every later repository that has it too.
// --state (one repository only) makes the run read only what the state file does not know.
// Single-threaded from the caller's side; the sources use their own workers.
#pragma once

#include <string>
#include <vector>

#include "git/oid_set.h"
#include "history/history_source.h"
#include "pipeline/history_scan.h"
#include "pipeline/progress_observer.h"
#include "pipeline/scan_session.h"
#include "pipeline/summary.h"
#include "util/result.h"

namespace ks {

struct HistoryRunOptions {
  HistoryOptions source;      // revisions, threads, --all-objects; `repo` is set per repository
  size_t max_provenance = 1;  // commits a secret is reported at (0: all)
  std::string state;          // --state FILE; empty: none
  std::string cache_dir;      // where clone URLs are mirrored; empty: the default cache
  ProgressFactory progress = NoProgress;
};

// What the repositories of one run share.
struct SharedBlobs {
  git::OidSet scanned;
  FindingsByBlob findings;

  void Add(const HistorySource& source, const std::vector<Finding>& found);
};

// Scans every repository of `specs` into `session`'s collector and adds to `summary`. With one
// repository its failure is the result; with several, a repository that cannot be read is an
// error in Diagnostics (the run exits 2) and the others are still scanned.
Status ScanRepositories(ScanSession& session, const std::vector<std::string>& specs,
                        HistoryRunOptions opts, Summary* summary);

// The configuration comes from the repository's working tree only when the run reads one local
// repository; several repositories, or a mirror, take it from the trusted file alone. A range
// (`exclude` not empty) reads the repository's settings from its base commit instead
// (config/committed.h, pipeline/base_tree.h); a base that cannot be read leaves the root without
// any settings, and the history source then says why it cannot scan.
config::ScanRoot HistoryConfigRoot(const std::vector<std::string>& specs,
                                   const std::vector<std::string>& exclude = {});

}  // namespace ks
