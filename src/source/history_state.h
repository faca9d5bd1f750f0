// HistoryState: what an earlier `keysweep history --state FILE` run already did, so a nightly
// re-scan reads only what is new.
//
// It holds no secret. It records the commits whose history was scanned (with their times, so
// the walk can hide them without reading them), what the references peeled to (so unchanged
// tags are not read again), every blob id read, and for the few blobs (and commit messages)
// that produced findings, where they were introduced: a re-scan re-reads just those to report
// their findings again. A state is valid only for the rules digest and settings it was made with
// (`key`); any difference means a full scan.
//
// File (version 2): one line of JSON (version, key, finding blobs and messages, and the length
// of each table), a newline, then three binary tables, each sorted by its first id:
//   known commits: 20-byte id, 8-byte committer time (little-endian, signed);
//   peeled references: 20-byte target, 20-byte peeled id, 1-byte object type;
//   scanned blobs: 20-byte ids, strictly ascending.
// The blob table is not parsed on load but mapped and searched in place. Written to a temporary
// file and renamed, mode 0600. A version 1 file (older keysweep) is read as no state.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "git/commit_walk.h"
#include "git/oid.h"
#include "git/refs.h"
#include "git/sorted_oids.h"
#include "source/history_source.h"
#include "util/mapped_file.h"
#include "util/result.h"

namespace ks {

struct HistoryState {
  std::string key;  // rules digest and every setting that changes findings
  std::vector<git::KnownCommit> known_commits;  // sorted by id, each once
  std::vector<git::Tip> peeled_refs;            // sorted by ref_target, each target once
  git::SortedOids scanned_blobs;                // a view of `file`'s blob table
  std::vector<git::Oid> new_blobs;              // read by this run; merged in on save
  std::map<std::string, std::vector<Introduction>> finding_blobs;  // blob id -> introductions
  std::vector<CommitInfo> finding_messages;                        // commits with findings
  MappedFile file;       // the state file as loaded (empty for a new state)
  bool changed = false;  // differs from `file`, so it must be saved

  bool KnowsBlob(const git::Oid& id) const { return scanned_blobs.contains(id); }
};

// A missing file is an empty state (first run), and so is one written by an older keysweep
// (then `*older` is set, when given, so the caller can say why everything is scanned). An
// unreadable or malformed file is an error.
Result<HistoryState> LoadHistoryState(const std::string& path, bool* older = nullptr);
Status SaveHistoryState(const std::string& path, const HistoryState& state);

}  // namespace ks
