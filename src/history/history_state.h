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
// File (version 3): a base and then up to kMaxStateUpdates updates, each one line of JSON and three
// binary tables, each table sorted by its first id:
//   known commits: 20-byte id, 8-byte committer time (little-endian, signed);
//   peeled references: 20-byte target, 20-byte peeled id, 1-byte object type;
//   scanned blobs: 20-byte ids, strictly ascending.
// The base's header has version, key, the finding blobs and messages, and each table's length.
// An update's header has the same, plus the SHA-256 of its tables; its commits, references and
// findings replace the earlier ones, and its blob table holds only the blobs that run read.
// So a run that read a few new blobs appends a few kilobytes, under a lock, instead of
// rewriting every id the state knows (3.3 MB on git/git); when the updates grow past a bound the
// whole file is rewritten into a fresh temporary, mode 0600, and renamed over the old one.
// An update cut short (a crash while appending) is left out and reported, never an error: what
// it recorded is simply scanned again. The blob tables are not parsed on load but mapped and
// searched in place. A version 2 file is a base with no updates; version 1 is read as no state.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "git/commit_walk.h"
#include "git/oid.h"
#include "git/refs.h"
#include "git/sorted_oids.h"
#include "history/history_source.h"
#include "util/mapped_file.h"
#include "util/result.h"

namespace ks {

struct HistoryState {
  std::string key;  // rules digest and every setting that changes findings
  std::vector<git::KnownCommit> known_commits;  // sorted by id, each once
  std::vector<git::Tip> peeled_refs;            // sorted by ref_target, each target once
  std::vector<git::SortedOids> blob_runs;       // views of `file`'s blob tables, base first
  std::vector<git::Oid> new_blobs;              // read by this run; merged in on save
  std::map<std::string, std::vector<Introduction>> finding_blobs;  // blob id -> introductions
  std::vector<CommitInfo> finding_messages;                        // commits with findings
  MappedFile file;       // the state file as loaded (empty for a new state)
  bool changed = false;  // differs from `file`, so it must be saved

  // Where the next update would go: the end of `file`'s last whole segment.
  struct Tail {
    int version = 0;         // the base's: an update goes only after one of this keysweep's
    size_t base_bytes = 0;   // the base segment's length
    size_t end = 0;          // the base's and the whole updates' length
    size_t updates = 0;      // whole updates after the base
    bool cut_short = false;  // bytes after `end` that are not a whole update
  } tail;

  bool KnowsBlob(const git::Oid& id) const;
  size_t blob_count() const;            // over every run (keysweep never puts an id in two)
  std::vector<git::Oid> blobs() const;  // every id of every run, ascending, each once
};

// Past this many updates (or updates half the base's size), a save rewrites the file.
inline constexpr size_t kMaxStateUpdates = 8;

// A missing file is an empty state (first run), and so is one written by an older keysweep
// (then `*older` is set, when given, so the caller can say why everything is scanned). An
// unreadable or malformed file is an error.
Result<HistoryState> LoadHistoryState(const std::string& path, bool* older = nullptr);
Status SaveHistoryState(const std::string& path, const HistoryState& state);

}  // namespace ks
