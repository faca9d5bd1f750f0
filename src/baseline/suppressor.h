// Suppressor: the run-wide decision to drop a finding the team has already dealt with: its rule
// is disabled, the configuration's allowlist covers its path or secret, the baseline lists its
// fingerprint, or `.gitleaksignore` names its place. (Inline markers are decided earlier, where
// the blob's bytes still exist: findings/inline_ignore.h.)
//
// Runs once per finding at the end of a run, never per blob. Immutable once built; Check() is
// thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "baseline/gitleaks_ignore.h"
#include "config/allowlist.h"
#include "config/scan_root.h"
#include "findings/finding.h"

namespace ks::baseline {

enum class Reason { kKept, kDisabledRule, kAllowlist, kBaseline, kGitleaksIgnore };

struct SuppressorParts {
  std::set<std::string> disabled_rules;
  std::optional<config::Allowlist> allowlist;
  std::optional<std::set<std::string>> baseline;  // fingerprints
  std::optional<GitleaksIgnore> gitleaks_ignore;
  config::RootRelative paths;  // findings' paths → the root-relative form the files use
};

class Suppressor {
 public:
  explicit Suppressor(SuppressorParts parts) : p_(std::move(parts)) {}
  // Why `f` is dropped; kKept when it is reported. The first reason in enum order wins.
  Reason Check(const Finding& f) const;

 private:
  SuppressorParts p_;
};

}  // namespace ks::baseline
