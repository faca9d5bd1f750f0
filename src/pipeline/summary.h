// What a run looked at, for the summary line and the JSON "summary" object.
#pragma once

#include <cstdint>
#include <string>

#include "source/source.h"

namespace ks {

struct Summary {
  uint64_t bytes_scanned = 0;
  uint64_t blobs_scanned = 0;  // files for `scan`, blobs for git sources
  uint64_t commits_scanned = 0;
  uint64_t findings = 0;
  bool verified = false;       // the run checked credentials live
  uint64_t live = 0;           // findings STS confirmed
  uint64_t skipped = 0;        // items not scanned, or not whole (source/source.h, SkippedItem)
  SkippedItems skipped_items;  // the first SkippedItems::kMaxListed of them
  uint64_t max_file_size = 0;  // the limit they were measured against, for messages
  uint64_t errors = 0;
  bool truncated = false;  // the report stopped at --max-findings: more findings were left out
  uint64_t elapsed_ms = 0;
  bool files = true;  // `scan` counts files, git sources count blobs

  // The repository a git source read (its absolute path) and the commit HEAD named, for SARIF's
  // versionControlProvenance; empty for file scans and for repositories without a HEAD commit.
  std::string repository;
  std::string revision;
  std::string branch;  // HEAD's branch, e.g. "refs/heads/main"; empty when detached
};

// Adds what a source read to the summary (several repositories of one run add up).
inline void AddSourceStats(const SourceStats& stats, Summary* summary) {
  summary->bytes_scanned += stats.bytes;
  summary->blobs_scanned += stats.blobs;
  summary->commits_scanned += stats.commits;
  summary->skipped += stats.skipped;
  summary->skipped_items.Merge(stats.skipped_items);
}

}  // namespace ks
