#include "cli/run.h"

#include <iostream>

#include "cli/rule_loading.h"
#include "cli/version.h"

namespace ks::cli {

int ReportError(const Error& e) {
  std::cerr << "keysweep: error: " << e.message << "\n";
  return kExitError;
}

bool Run::Start(const GlobalOptions& opts) {
  opts_ = opts;
  diag_ = std::make_unique<StderrDiagnostics>(opts.quiet);
  auto db = LoadRunRules(opts);
  if (!db.ok()) return ReportError(db.error()), false;
  db_ = std::move(db).value();
  if (opts.verbose) {
    std::cerr << "keysweep: rules database: " << DbOriginName(db_.origin) << " " << db_.note
              << "\n";
  }
  auto out = Output::Open(opts);
  if (!out.ok()) return ReportError(out.error()), false;
  output_ = std::move(out).value();
  ReportOptions ropts{opts.show_secrets, output_->color(), std::string(kVersion)};
  auto reporter = MakeReporter(opts.format, ropts, output_->stream());
  if (!reporter.ok()) return ReportError(reporter.error()), false;
  reporter_ = std::move(reporter).value();
  collector_ = std::make_unique<FindingCollector>(reporter_.get());
  return true;
}

int Run::Finish(Summary summary, bool nothing_scanned_is_error) {
  collector_->Flush();
  summary.findings = collector_->count();
  summary.errors = diag_->errors();
  summary.elapsed_ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::steady_clock::now() - start_)
                                                 .count());
  reporter_->Finish(summary);
  const bool written = output_->Close();
  if (!opts_.quiet) std::cerr << SummaryLine(summary) << "\n";
  if (!written) return ReportError(MakeError(ErrorKind::kInput, "could not write the report"));
  if (summary.errors > 0) return kExitError;
  if (nothing_scanned_is_error && summary.bytes_scanned == 0) {
    return ReportError(MakeError(ErrorKind::kInput, "nothing was scanned (0 bytes read)"));
  }
  return summary.findings > 0 ? kExitFindings : kExitClean;
}

}  // namespace ks::cli
