// The parts every scanning command shares: setting up rules, output and reporter, and turning
// the outcome into the exit code.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "cli/options.h"
#include "cli/output.h"
#include "cli/pipeline.h"
#include "cli/stderr_diagnostics.h"
#include "engine/db_loader.h"
#include "git/repository.h"
#include "report/reporter.h"
#include "verify/sts_verifier.h"

namespace ks::cli {

class Run {
 public:
  // Loads rules, opens the output and makes the reporter; false (after printing why) on error.
  bool Start(const GlobalOptions& opts);

  std::shared_ptr<const PatternDb> db() const { return db_.db; }
  StderrDiagnostics& diag() { return *diag_; }
  FindingCollector& collector() { return *collector_; }
  // What the options say about which findings a blob yields, for every BlobScanner of the run.
  ScanSettings scan_settings() const { return ScanSettings{opts_.include_examples}; }

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
};

// Records which repository a git source read, and its HEAD, for the report (SARIF provenance).
void DescribeRepository(const git::Repository& repo, Summary* summary);

// Prints "keysweep: error: ..." for an Error and returns kExitError.
int ReportError(const Error& e);

}  // namespace ks::cli
