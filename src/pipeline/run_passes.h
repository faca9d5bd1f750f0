// The run-wide passes: what happens to a run's findings between the last blob scanned and the
// sink, in this order, each for a reason:
//  1. SES SMTP linkage: an SMTP password is linked to the secret key it was derived from, which
//     may be in another file, so it needs every finding of the run.
//  2. Suppression (baseline, allowlist, .gitleaksignore, disabled rules): before the live check,
//     so that nothing is ever sent for a finding the team already dealt with.
//  3. Verification (opt-in STS check): on what is left, all at once, so that key IDs and secrets
//     found in different places can be paired.
//  4. Fail policy: --only-verified drops what is not live; the rest goes to the sink, and those
//     the policy names (severity, --fail-on live) are counted as failing.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "findings/finding.h"
#include "findings/verification.h"
#include "pipeline/finding_sink.h"
#include "util/result.h"

namespace ks {

struct PassOptions {
  const CredentialChecker* verify = nullptr;  // null: no live check
  bool only_verified = false;                 // drop findings that are not live
  // True for a finding the team already dealt with (baseline/suppressor.h). Null: keep all.
  std::function<bool(const Finding&)> suppress;
  // True for a reported finding that makes the run fail (exit code 1). Null: every one does.
  std::function<bool(const Finding&)> fails;
};

struct PassResult {
  uint64_t reported = 0;
  uint64_t live = 0;     // reported findings STS confirmed
  uint64_t failing = 0;  // reported findings for which PassOptions::fails holds
};

// Runs the passes over `findings` (consumed) and hands the survivors to `sink` in their order;
// a sink error stops the delivery and is returned.
Result<PassResult> RunPasses(std::vector<Finding>& findings, const PassOptions& opts,
                             FindingSink& sink);

}  // namespace ks
