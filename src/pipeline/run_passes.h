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
//
// FindingStream runs the passes as findings arrive, so that a run's memory does not grow with
// its findings: a finding that no later one can change (every finding but an SMTP password, in
// a run that does not verify) is suppressed or written at once. What needs the whole run is held
// to the end: SMTP passwords (linked, then written after the others), and in a verifying run
// every finding (the live check pairs key IDs with secrets across the run; each costs a request
// anyway). Secret keys are remembered, once per distinct key, for the linkage.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "findings/finding.h"
#include "findings/verification.h"
#include "pipeline/finding_sink.h"
#include "util/result.h"

namespace ks {

inline constexpr uint64_t kNoFindingLimit = std::numeric_limits<uint64_t>::max();

struct PassOptions {
  const CredentialChecker* verify = nullptr;  // null: no live check
  bool only_verified = false;                 // drop findings that are not live
  // True for a finding the team already dealt with (baseline/suppressor.h). Null: keep all.
  std::function<bool(const Finding&)> suppress;
  // True for a reported finding that makes the run fail (exit code 1). Null: every one does.
  std::function<bool(const Finding&)> fails;
  // The report stops after this many findings (--max-findings); the rest are dropped and the
  // result says it was truncated.
  uint64_t max_findings = kNoFindingLimit;
  // The run will verify (FindingStream): hold every finding until Finish().
  bool verifying = false;
};

struct PassResult {
  uint64_t reported = 0;
  uint64_t live = 0;       // reported findings STS confirmed
  uint64_t failing = 0;    // reported findings for which PassOptions::fails holds
  bool truncated = false;  // findings were left out at PassOptions::max_findings
};

// Runs the passes over `findings` (consumed) and hands the survivors to `sink` in their order;
// a sink error stops the delivery and is returned.
Result<PassResult> RunPasses(std::vector<Finding>& findings, const PassOptions& opts,
                             FindingSink& sink);

// The passes over findings offered one at a time, in report order. Not thread-safe (the
// collector locks); the sink must outlive it.
class FindingStream {
 public:
  FindingStream(PassOptions opts, FindingSink& sink) : opts_(std::move(opts)), sink_(&sink) {}
  void Add(Finding f);
  // True once nothing more will be written: the limit was reached or the sink failed.
  bool stopped() const { return !error_ || limit_reached_; }
  // Links, suppresses, verifies (with `verify`, when given) and writes what was held, and says
  // what the run reported; the sink's error if it failed.
  Result<PassResult> Finish(const CredentialChecker* verify);

 private:
  bool Holds(const Finding& f) const;
  void Remember(const Finding& f);
  bool Hold(Finding f);
  void Deliver(const Finding& f);
  std::vector<Finding> TakeHeld();

  PassOptions opts_;
  FindingSink* sink_;
  PassResult result_;
  Status error_;
  bool limit_reached_ = false;
  std::vector<Finding> held_;
  std::vector<bool> suppressed_early_;  // by held_ index: suppression already ran
  std::vector<Finding> secret_keys_;    // for the linkage: rule, secret and key only
  std::set<std::pair<std::string, std::string>> seen_secret_keys_;
};

}  // namespace ks
