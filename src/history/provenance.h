// Provenance: which commits a history finding is reported at.
//
// A blob's findings are found once (the blob is read once), but the blob may have been
// introduced by several commits, at several paths. Expand() makes one candidate per
// introduction; SelectProvenance() keeps, per rule and secret, the oldest distinct (commit, path)
// places, up to a limit, and orders the report by commit age. Plain functions over values.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "findings/finding.h"
#include "history/history_source.h"

namespace ks {

// Introductions by blob id (40 hex), as HistorySource::Attribute() returns them.
using IntroductionsByBlob = std::unordered_map<std::string, std::vector<Introduction>>;

// A finding at one place, with what orders it; unattributed ones sort last.
struct PlacedFinding {
  Finding finding;
  int64_t time = std::numeric_limits<int64_t>::max();
  uint64_t generation = 0;
};

// Stamps the finding with the commit's id, author, email and date.
void SetCommit(Finding* f, const CommitInfo& c);

// The blob ids of `findings`, sorted, each once.
std::vector<std::string> BlobIds(const std::vector<Finding>& findings);

// One candidate per introduction of the finding's blob; the finding itself when it has none.
void Expand(const Finding& f, const IntroductionsByBlob& intros, std::vector<PlacedFinding>* out);

// Per rule and secret, the `max` oldest distinct (commit, path) introductions (0: all), in
// report order (oldest first).
std::vector<Finding> SelectProvenance(std::vector<PlacedFinding> all, size_t max);

}  // namespace ks
