// Provenance: which commits a history finding is reported at.
//
// A blob's findings are found once (the blob is read once), but the blob may have been
// introduced by several commits, at several paths. Expand() makes one candidate per
// introduction; SelectProvenance() keeps, per rule and secret, the oldest distinct (commit, path)
// places, up to a limit, and orders the report by commit age. Plain functions over values.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "findings/finding.h"
#include "history/history_source.h"

namespace ks {

// Introductions by blob id (40 hex), as HistorySource::Attribute() returns them.
using IntroductionsByBlob = std::unordered_map<std::string, std::vector<Introduction>>;

// A finding at one place, with what orders it; unattributed ones sort last. It refers to the
// finding and the introduction rather than copying them (a blob at a million paths makes a
// million candidates), so both must outlive it: Place() makes the reported finding.
struct PlacedFinding {
  const Finding* finding = nullptr;
  const Introduction* introduction = nullptr;  // null: the finding's own path and commit
  int64_t time = std::numeric_limits<int64_t>::max();
  uint64_t generation = 0;

  std::string_view path() const { return introduction ? introduction->path : finding->path; }
  std::optional<std::string_view> commit() const;
};

// The finding as reported at its place: stamped with the introduction's path and commit.
Finding Place(const PlacedFinding& c);

// Stamps the finding with the commit's id, author, email and date.
void SetCommit(Finding* f, const CommitInfo& c);

// The blob ids of `findings`, sorted, each once.
std::vector<std::string> BlobIds(const std::vector<Finding>& findings);

// One candidate per introduction of the finding's blob; the finding itself when it has none.
// `f` and `intros` must outlive the candidates.
void Expand(const Finding& f, const IntroductionsByBlob& intros, std::vector<PlacedFinding>* out);

// Per rule and secret, the `max` oldest distinct (commit, path) introductions (0: all), in
// report order (oldest first).
std::vector<PlacedFinding> SelectPlaces(std::vector<PlacedFinding> all, size_t max);
// The same, placed.
std::vector<Finding> SelectProvenance(std::vector<PlacedFinding> all, size_t max);

}  // namespace ks
