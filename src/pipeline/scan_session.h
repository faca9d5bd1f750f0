// ScanSession: one scanning run's set-up and its end, shared by every command that scans.
//
// Create() reads the configuration (the given file, else .keysweep.yaml at the scan root),
// loads the rules, the baseline and the ignore files, and sets up the live check; it fails with
// the Error the user must see. Sources then scan into collector() with BlobScanners built from
// db() and scan_settings(). Finish() runs the run-wide passes (pipeline/run_passes.h), hands the
// findings to a FindingSink and says what the run found; it does not print: the front end turns
// the outcome into messages and an exit code.
//
// The session owns everything it loaded; db() may outlive it. Diagnostics must outlive the
// session and be thread-safe. collector() and the counters behind scan_settings() are
// thread-safe; everything else is called from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "baseline/baseline.h"
#include "baseline/suppressor.h"
#include "config/committed.h"
#include "config/config.h"
#include "config/scan_root.h"
#include "engine/db_loader.h"
#include "pipeline/blob_scanner.h"
#include "pipeline/finding_collector.h"
#include "pipeline/finding_sink.h"
#include "pipeline/session_options.h"
#include "pipeline/summary.h"
#include "util/diagnostics.h"
#include "util/env.h"
#include "util/result.h"
#include "verify/sts_verifier.h"

namespace ks {

// The findings left out of a report, by why.
struct SuppressedCounts {
  uint64_t baseline = 0;
  uint64_t inline_markers = 0;
  uint64_t allowlist = 0;
  uint64_t gitleaks_ignore = 0;
  uint64_t disabled_rules = 0;
  uint64_t total() const {
    return baseline + inline_markers + allowlist + gitleaks_ignore + disabled_rules;
  }
};

struct RunOutcome {
  Summary summary;       // completed: findings, live, errors, elapsed time
  uint64_t failing = 0;  // reported findings the fail policy counts
  SuppressedCounts suppressed;
};

class ScanSession {
 public:
  // Without a root (a bare repository, `verify`) only `opts.config` is read.
  // `env` (which must outlive the session) gives the clock and the rules cache directory.
  static Result<ScanSession> Create(SessionOptions opts, const config::ScanRoot& root,
                                    Diagnostics* diag, Env& env = Env::Default());
  ScanSession(ScanSession&&) noexcept;
  ScanSession& operator=(ScanSession&&) noexcept;
  ~ScanSession();

  // The options in effect: the caller's, with the configuration filling in what they left unset
  // (max_file_size).
  const SessionOptions& options() const { return opts_; }
  std::shared_ptr<const PatternDb> db() const { return db_.db; }
  Diagnostics& diag() { return *diag_; }
  Env& env() { return *env_; }
  FindingCollector& collector() { return *collector_; }
  // What the options say about which findings a blob yields, for every BlobScanner of the run.
  ScanSettings scan_settings() const;

  // The baseline read, for `baseline prune`: its path and (prune only) its entries, which then
  // suppress nothing.
  const std::string& baseline_path() const { return baseline_path_; }
  const std::vector<baseline::Entry>& baseline_entries() const { return baseline_entries_; }

  // In a range scan (ScanRoot::committed), the repository paths of the settings this run read
  // from the base, or would have read had they been there (a directory as "dir/"): a commit in
  // the range that changes one is reported as `config-changed`. Empty otherwise.
  const std::vector<std::string>& settings_paths() const { return settings_paths_; }

  // Runs the live check on `findings` now (a verifying run only), instead of on everything
  // collected at Finish(); Finish() then checks nothing more.
  void VerifyNow(std::vector<Finding>& findings);

  // From now on findings added to collector() go through the passes to `sink` as they come
  // (pipeline/run_passes.h), instead of waiting for Finish(). `sink` must outlive the session's
  // Finish(), and the session must not move after this.
  void Stream(FindingSink& sink);

  // The passes over what is still held (everything collected, without Stream()), the findings to
  // `sink` (the one given to Stream(), if any), then sink.Complete(). Errors are the sink's; a
  // run with scan errors still succeeds here (summary.errors counts them).
  Result<RunOutcome> Finish(Summary summary, FindingSink& sink);

 private:
  struct Counters;
  ScanSession(SessionOptions opts, Diagnostics* diag, Env& env);
  Status SetUpVerifier();
  Status Configure(const config::ScanRoot& root);
  Status ConfigureCommitted(const config::CommittedTree& tree);
  Status AdoptConfig();
  Status LoadRules();
  Status SetUpSuppression(const config::ScanRoot& root);
  Status CheckDisabledRules(std::set<std::string>* ids) const;
  Status LoadBaseline(baseline::SuppressorParts* parts);
  Result<std::vector<baseline::Entry>> LoadCommittedBaseline();
  Status LoadGitleaksIgnore(const config::ScanRoot& root, baseline::SuppressorParts* parts);
  Result<std::optional<baseline::GitleaksIgnoreFile>> ReadGitleaksIgnore(
      const config::ScanRoot& root);
  Status SetFailSeverities();
  CredentialChecker Checker();
  std::function<bool(const Finding&)> Suppression();
  std::function<bool(const Finding&)> Failing() const;
  PassOptions StreamOptions();
  SuppressedCounts Suppressed() const;

  SessionOptions opts_;
  Diagnostics* diag_;
  Env* env_;
  std::chrono::steady_clock::time_point start_;
  LoadedDb db_;
  std::unique_ptr<FindingCollector> collector_ = std::make_unique<FindingCollector>();
  std::optional<verify::StsVerifier> verifier_;
  bool verified_early_ = false;
  std::optional<config::Config> config_;
  std::vector<std::string> rule_files_;                     // the configuration's extra_rules
  std::shared_ptr<const config::CommittedTree> committed_;  // a range's base, or null
  std::vector<RuleSource> committed_rules_;                 // extra_rules read from committed_
  std::vector<std::string> settings_paths_;
  std::unique_ptr<baseline::Suppressor> suppressor_;
  std::set<Severity> fail_severities_;
  std::unique_ptr<Counters> counters_;
  std::string baseline_path_;
  std::vector<baseline::Entry> baseline_entries_;
};

}  // namespace ks
