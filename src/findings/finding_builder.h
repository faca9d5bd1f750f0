// Turns a blob's matches into Findings: secret extraction (URL escapes decoded), line/column,
// key ID and account, documentation examples, canaries, confidence, fingerprint. Called only for
// blobs that have matches, so its cost is off the hot path. Holds references to the RuleSet and
// canary list, which must outlive it; safe to share between threads.
#pragma once

#include <span>
#include <vector>

#include "aws/canaries.h"
#include "aws/pairing.h"
#include "findings/finding.h"
#include "rules/rule_set.h"
#include "scan/match.h"
#include "source/blob.h"
#include "util/line_index.h"

namespace ks {

// What a finding's key ID and secret say about it: the account the key ID decodes to, whether
// that account mints canary tokens, and whether the key ID or the secret is an AWS documentation
// example or a placeholder. Worked out from the finding itself, so a value from elsewhere (a
// report) is never trusted.
void ClassifyKey(const aws::CanaryAccounts& canaries, Finding* f);

class FindingBuilder {
 public:
  FindingBuilder(const RuleSet& rules, const aws::CanaryAccounts& canaries)
      : rules_(rules), canaries_(canaries), aws_(aws::AwsRules::Resolve(rules)) {}

  // Appends one Finding per match; `matches` must be sorted by offset (Scanner's order).
  void Build(const Blob& blob, const std::vector<Match>& matches, std::vector<Finding>* out) const;
  // The same for a slice of a blob's matches; `cursor` (over blob.bytes) carries the line count
  // from one slice to the next, so building a blob's findings in slices costs one pass too.
  void Build(const Blob& blob, std::span<const Match> matches, LineCursor* cursor,
             std::vector<Finding>* out) const;

 private:
  void SetKey(std::string key_id, Finding* f) const;

  const RuleSet& rules_;
  const aws::CanaryAccounts& canaries_;
  aws::AwsRules aws_;
};

}  // namespace ks
