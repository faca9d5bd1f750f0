// HistoryState: what an earlier `keysweep history --state FILE` run already did, so a nightly
// re-scan reads only what is new.
//
// It holds no secret. It records the commits whose history was scanned, every blob id read, and
// for the few blobs (and commit messages) that produced findings, where they were introduced: a
// re-scan re-reads just those to report their findings again. A state is valid only for the
// rules digest and settings it was made with (`key`); any difference means a full scan.
//
// File: one line of JSON (version, key, commits, finding blobs and messages), a newline, then the
// scanned blob ids as raw 20-byte values. Written to a temporary file and renamed, mode 0600.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "git/oid.h"
#include "git/oid_set.h"
#include "source/history_source.h"
#include "util/result.h"

namespace ks {

struct HistoryState {
  std::string key;  // rules digest and every setting that changes findings
  std::vector<std::string> known_commits;
  git::OidSet scanned_blobs;
  std::map<std::string, std::vector<Introduction>> finding_blobs;  // blob id -> introductions
  std::vector<CommitInfo> finding_messages;                        // commits with findings
};

// A missing file is an empty state (first run); an unreadable or malformed one is an error.
Result<HistoryState> LoadHistoryState(const std::string& path);
Status SaveHistoryState(const std::string& path, const HistoryState& state);

}  // namespace ks
