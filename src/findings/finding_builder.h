// Turns a blob's matches into Findings: secret extraction, line/column, key ID and account,
// fingerprint. Called only for blobs that have matches, so its cost is off the hot path.
// Stateless apart from the RuleSet reference; safe to share between threads.
#pragma once

#include <vector>

#include "findings/finding.h"
#include "rules/rule_set.h"
#include "scan/match.h"
#include "source/blob.h"

namespace ks {

class FindingBuilder {
 public:
  explicit FindingBuilder(const RuleSet& rules) : rules_(rules) {}

  // Appends one Finding per match; `matches` must be sorted by offset (Scanner's order).
  void Build(const Blob& blob, const std::vector<Match>& matches, std::vector<Finding>* out) const;

 private:
  const RuleSet& rules_;
};

}  // namespace ks
