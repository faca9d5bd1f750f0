// The --state protocol around a history scan: which state a run starts from, and the state it
// leaves (history/history_state.h holds the file format).
//
// A run starts from the saved state unless the rules or settings changed (its key differs), the
// file was written by an older keysweep, or its last update was cut short; it then reads only
// what the state does not know, and Advance() adds what it read and found. Plain functions over
// values; single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "history/history_source.h"
#include "history/history_state.h"
#include "history/provenance.h"
#include "util/diagnostics.h"
#include "util/result.h"

namespace ks {

// Everything that changes what a history scan finds: a state made under another key is ignored.
std::string StateKey(std::string_view rules_digest, bool include_examples, uint64_t max_file_size);

// The state at `path` a run with `key` starts from: empty for a first run or after the rules or
// settings changed (each said as a notice). Its `changed` says whether it must be saved even if
// the run adds nothing.
Result<HistoryState> StartState(const std::string& path, const std::string& key, Diagnostics* diag);

// The first generation this run's commits get: past every generation the state recorded, so
// that "older first" still holds when commit times tie (a new commit is never an ancestor of an
// old one).
uint64_t NextGeneration(const HistoryState& state);

// The commits a state records as scanned: this run's tips and every earlier run's, each once.
std::vector<git::KnownCommit> KnownCommits(std::vector<git::KnownCommit> tips,
                                           std::vector<git::KnownCommit> earlier);

// Adds to `state` what `source`'s run read, the introductions of the blobs it found secrets in
// (generations shifted by `generation_base`), and the commits whose messages held secrets.
void AdvanceState(HistoryState* state, HistorySource& source, uint64_t generation_base,
                  const IntroductionsByBlob& intros,
                  const std::vector<CommitInfo>& message_commits);

}  // namespace ks
