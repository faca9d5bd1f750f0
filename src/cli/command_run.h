// CommandRun: what a scanning command does around the pipeline's ScanSession: messages on
// stderr, the output file and its reporter (or, for `baseline create|prune`, the recorder and
// the baseline file), and at the end the summary lines and the exit code.
#pragma once

#include <memory>

#include "cli/options.h"
#include "cli/output.h"
#include "cli/stderr_diagnostics.h"
#include "config/scan_root.h"
#include "pipeline/baseline_recorder.h"
#include "pipeline/scan_session.h"
#include "report/reporter.h"

namespace ks::cli {

class CommandRun {
 public:
  // Prints why and returns the error's exit code when the session cannot be set up; behind a
  // pointer because the session keeps the address of the diagnostics.
  static Result<std::unique_ptr<CommandRun>> Start(const GlobalOptions& opts,
                                                   const config::ScanRoot& root = {});

  explicit CommandRun(const GlobalOptions& opts) : opts_(opts), diag_(opts.quiet, opts.verbose) {}

  ScanSession& session() { return *session_; }
  Diagnostics& diag() { return diag_; }

  // Writes the report (or the baseline) and the summary, and returns the exit code.
  // `nothing_scanned_is_error` fails a run that read 0 bytes: being asked to scan something and
  // reading nothing is not a clean result.
  int Finish(Summary summary, bool nothing_scanned_is_error);

 private:
  Status OpenReport();
  Status StartRecording(const config::ScanRoot& root);
  int FinishReport(const RunOutcome& outcome, bool nothing_scanned_is_error);
  int FinishRecording(const RunOutcome& outcome, bool nothing_scanned_is_error);
  void PrintSuppressed(const SuppressedCounts& counts) const;
  void PrintTruncated(const Summary& summary) const;

  GlobalOptions opts_;
  StderrDiagnostics diag_;
  std::optional<ScanSession> session_;
  std::unique_ptr<Output> output_;
  std::unique_ptr<FindingSink> sink_;
  BaselineRecorder* recorder_ = nullptr;  // sink_, when recording
};

// The session options a command runs with: `opts.session` completed from the CLI-only flags.
SessionOptions BuildSessionOptions(const GlobalOptions& opts);

// Prints "keysweep: error: ..." for an Error, terminal-safe (WriteStderrMessage), and returns
// kExitError.
int ReportError(const Error& e);

}  // namespace ks::cli
