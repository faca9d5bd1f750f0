// Scanner: bytes → confirmed matches. No I/O, no git, no knowledge of where bytes came from.
//
// One Scanner per thread (it owns a Hyperscan scratch and reusable buffers); the PatternDb is
// shared. The input buffer only has to live for the duration of Scan().
//
// Pipeline: Hyperscan finds (rule, end) candidates; for each rule the windows
// [end - MaxWidth, end] are merged, RE2 finds every match inside each merged window, the secret
// group is extracted, and the rule's boundary and secret filters decide.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "engine/candidate_finder.h"
#include "engine/pattern_db.h"
#include "scan/match.h"
#include "util/result.h"

namespace ks {

class Scanner {
 public:
  explicit Scanner(std::shared_ptr<const PatternDb> db);

  // Replaces *out with the matches in `bytes`, sorted by secret offset then rule.
  Status Scan(std::string_view bytes, std::vector<Match>* out);

  // The Hyperscan stage alone, for diagnostics (`rules check`).
  Status Candidates(std::string_view bytes, std::vector<Candidate>* out);

  // Runs RE2 over [begin, end) for one rule, appending matches that pass the rule's filters.
  void Confirm(size_t rule, std::string_view bytes, size_t begin, size_t end,
               std::vector<Match>* out) const;

  const PatternDb& db() const { return finder_.db(); }

 private:
  void ConfirmRule(size_t rule, std::string_view bytes, const uint64_t* ends, size_t count,
                   std::vector<Match>* out) const;

  CandidateFinder finder_;
  std::vector<Candidate> candidates_;  // reused between scans
};

}  // namespace ks
