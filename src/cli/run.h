// The parts every scanning command shares: setting up rules, output and reporter, and turning
// the outcome into the exit code.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "baseline/baseline.h"
#include "baseline/suppressor.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/pipeline.h"
#include "cli/stderr_diagnostics.h"
#include "config/config.h"
#include "config/scan_root.h"
#include "engine/db_loader.h"
#include "git/head.h"
#include "report/reporter.h"
#include "verify/sts_verifier.h"

namespace ks::cli {

class Run {
 public:
  // Reads the configuration (--config, else .keysweep.yaml at `root`), loads rules, the baseline
  // and the ignore files, opens the output and makes the reporter; false (after printing why) on
  // error. Without a root (a bare repository, `verify`) only --config is read.
  bool Start(const GlobalOptions& opts, const config::ScanRoot& root = {});

  // The options in effect: the command line's, with the configuration filling in what it left
  // unset (e.g. max_file_size).
  const GlobalOptions& options() const { return opts_; }

  std::shared_ptr<const PatternDb> db() const { return db_.db; }
  StderrDiagnostics& diag() { return *diag_; }
  FindingCollector& collector() { return *collector_; }
  // What the options say about which findings a blob yields, for every BlobScanner of the run.
  ScanSettings scan_settings() const {
    return ScanSettings{opts_.include_examples, &inline_ignored_};
  }

  // Writes the report and summary and returns the exit code. `nothing_scanned_is_error` makes
  // a run that read 0 bytes fail, because being asked to scan something and reading nothing is
  // not a clean result.
  int Finish(Summary summary, bool nothing_scanned_is_error);

  // Runs the live check on `findings` now (a run with --verify only), instead of on everything
  // collected at Finish(); after this call Finish() checks nothing more.
  void VerifyNow(std::vector<Finding>& findings);

 private:
  GlobalOptions opts_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  LoadedDb db_;
  std::unique_ptr<StderrDiagnostics> diag_;
  std::unique_ptr<Output> output_;
  std::unique_ptr<Reporter> reporter_;
  std::unique_ptr<FindingCollector> collector_;
  std::optional<verify::StsVerifier> verifier_;  // set when --verify
  bool verified_early_ = false;
  CredentialChecker Checker();

  // Configuration and suppression (README "Configuration", "Baseline").
  Status Configure(const config::ScanRoot& root);
  Status SetUpSuppression(const config::ScanRoot& root);
  Status CheckDisabledRules(std::set<std::string>* ids) const;
  Status LoadBaseline(baseline::SuppressorParts* parts);
  Status LoadGitleaksIgnore(const config::ScanRoot& root, baseline::SuppressorParts* parts);
  Status SetFailSeverities();
  std::function<bool(const Finding&)> Suppression();
  std::function<bool(const Finding&)> Failing() const;
  void PrintSuppressed() const;
  std::optional<config::Config> config_;
  std::vector<std::string> rule_files_;  // the configuration's extra_rules
  std::unique_ptr<baseline::Suppressor> suppressor_;
  std::set<Severity> fail_severities_;
  mutable std::atomic<uint64_t> inline_ignored_{0};  // counted by the BlobScanners
  std::array<uint64_t, 5> suppressed_{};             // by baseline::Reason

  // `baseline create|prune`: findings are recorded instead of reported.
  bool StartRecording(const config::ScanRoot& root);
  int FinishRecording(const Summary& summary, bool nothing_scanned_is_error);
  std::string baseline_path_;                      // the baseline read (and rewritten by prune)
  std::vector<baseline::Entry> baseline_entries_;  // prune: the entries before it
  std::vector<baseline::Entry> recorded_;
};

// The scan root of a repository command (`history`, `staged`): the working tree's root, or none
// for a bare repository (or a path that is not a repository, which the source then reports).
config::ScanRoot RepoScanRoot(const std::string& repo);

// Records which repository a git source read, and its HEAD, for the report (SARIF provenance).
void DescribeRepository(git::HeadInfo head, Summary* summary);

// Prints "keysweep: error: ..." for an Error and returns kExitError.
int ReportError(const Error& e);

}  // namespace ks::cli
