#include "cli/command_run.h"

#include <fmt/format.h>

#include <csignal>
#include <iostream>

#include "cli/version.h"
#include "playbook/rule_help.h"
#include "report/next_steps.h"
#include "report/run_lines.h"

namespace ks::cli {

int ReportError(const Error& e) {
  WriteStderrMessage("keysweep: error: ", e.message);
  return kExitError;
}

namespace {

// Content left out makes a scan incomplete: a hook or CI job must not pass on it unawares.
Error SkippedError(const Summary& s) {
  std::string first;
  if (!s.skipped_items.items.empty()) {
    const SkippedItem& i = s.skipped_items.items.front();
    first = fmt::format(" (the first: {}, {} bytes, {})", i.path, i.size, SkipReasonName(i.reason));
  }
  return MakeError(ErrorKind::kInput,
                   fmt::format("{} item(s) were not scanned{}, so the scan is incomplete; raise "
                               "--max-file-size (or max_file_size in .keysweep.yaml), or pass "
                               "--allow-skipped to accept that",
                               s.skipped, first));
}

}  // namespace

SessionOptions BuildSessionOptions(const GlobalOptions& opts) {
  SessionOptions s = opts.session;
  s.verify.fail_on_live = opts.fail_on == "live";
  s.verify.user_agent = "keysweep/" + std::string(kVersion);
  return s;
}

namespace {

// Writes a baseline file with mode 0600, the way reports are written.
Status WriteBaseline(const std::string& path, const std::vector<baseline::Entry>& entries) {
  GlobalOptions o;
  o.output = path;
  auto out = Output::Open(o);
  if (!out.ok()) return out.error();
  (*out)->stream() << baseline::Serialize(entries);
  if ((*out)->Close()) return {};
  return MakeError(ErrorKind::kInput, fmt::format("{}: could not write the baseline", path));
}

// The text report ends with the next steps itself; a machine-readable report cannot, so for
// those the line goes to stderr, just before the summary.
std::string NextSteps(const GlobalOptions& opts, const Summary& summary) {
  if (summary.findings == 0 || opts.format == "text") return "";
  return NextStepsLine({}, "keysweep: next steps");
}

}  // namespace

Result<std::unique_ptr<CommandRun>> CommandRun::Start(const GlobalOptions& opts,
                                                      const config::ScanRoot& root) {
  auto run = std::make_unique<CommandRun>(opts);
  auto session = ScanSession::Create(BuildSessionOptions(opts), root, &run->diag_);
  if (!session.ok()) return session.error();
  run->session_.emplace(std::move(session).value());
  // libcurl runs without signals (threads), so a TLS write to a socket the server closed would
  // raise SIGPIPE and kill the run; only verifying runs ignore it, so `keysweep … | head` still
  // ends quietly.
  if (opts.session.verify.enabled) std::signal(SIGPIPE, SIG_IGN);
  const bool recording = opts.session.baseline_action != BaselineAction::kNone;
  if (Status s = recording ? run->StartRecording(root) : run->OpenReport(); !s) return s.error();
  run->session_->Stream(*run->sink_);
  return run;
}

Status CommandRun::OpenReport() {
  auto out = Output::Open(opts_);
  if (!out.ok()) return out.error();
  output_ = std::move(out).value();
  ReportOptions ropts{opts_.show_secrets, output_->color(), std::string(kVersion), {}};
  // SARIF help is prose for people: in the language the environment asks for, as `playbook`.
  const playbook::Lang lang = playbook::LocaleLang(Env::Default());
  if (opts_.format == "sarif") ropts.rules = playbook::DescribeRules(session_->db()->rules(), lang);
  auto reporter = MakeReporter(opts_.format, ropts, output_->stream());
  if (!reporter.ok()) return reporter.error();
  sink_ = std::move(reporter).value();
  return {};
}

Status CommandRun::StartRecording(const config::ScanRoot& root) {
  if (opts_.session.verify.enabled) {
    return MakeError(ErrorKind::kUsage, "baseline commands take no --verify");
  }
  if (opts_.session.baseline_action == BaselineAction::kCreate && opts_.output.empty()) {
    return MakeError(ErrorKind::kUsage, "baseline create writes to -o FILE");
  }
  auto recorder = std::make_unique<BaselineRecorder>(root);
  recorder_ = recorder.get();
  sink_ = std::move(recorder);
  return {};
}

int CommandRun::Finish(Summary summary, bool nothing_scanned_is_error) {
  auto outcome = session_->Finish(std::move(summary), *sink_);
  if (!outcome.ok()) return ReportError(outcome.error());
  if (recorder_) return FinishRecording(*outcome, nothing_scanned_is_error);
  return FinishReport(*outcome, nothing_scanned_is_error);
}

int CommandRun::FinishReport(const RunOutcome& outcome, bool nothing_scanned_is_error) {
  const Summary& summary = outcome.summary;
  const bool written = output_->Close();
  PrintTruncated(summary);
  PrintSuppressed(outcome.suppressed);
  // The summary stays the last line: scripts read it with `tail -1`.
  if (!opts_.quiet) std::cerr << NextSteps(opts_, summary) << SummaryLine(summary) << "\n";
  if (!written) return ReportError(MakeError(ErrorKind::kInput, "could not write the report"));
  if (summary.errors > 0) return kExitError;
  if (summary.skipped > 0 && !opts_.allow_skipped) return ReportError(SkippedError(summary));
  if (nothing_scanned_is_error && summary.bytes_scanned == 0) {
    return ReportError(MakeError(ErrorKind::kInput, "nothing was scanned (0 bytes read)"));
  }
  // A report cut short never passes: what it left out is unknown.
  return outcome.failing > 0 || summary.truncated ? kExitFindings : kExitClean;
}

// A scan with errors may have missed findings: writing its baseline (or pruning by it) would
// forget accepted keys, so nothing is written then.
int CommandRun::FinishRecording(const RunOutcome& outcome, bool nothing_scanned_is_error) {
  const Summary& summary = outcome.summary;
  const BaselineAction action = opts_.session.baseline_action;
  const std::string path = opts_.output.empty() ? session_->baseline_path() : opts_.output;
  const auto& before = session_->baseline_entries();
  const std::vector<baseline::Entry> entries = NextBaseline(action, recorder_->recorded(), before);
  // A baseline cut short at --max-findings would leave accepted keys out, or prune them.
  const bool incomplete = summary.errors > 0 || summary.truncated ||
                          (summary.skipped > 0 && !opts_.allow_skipped) ||
                          (nothing_scanned_is_error && summary.bytes_scanned == 0);
  const Status written =
      incomplete ? Status(MakeError(ErrorKind::kInput,
                                    "the scan was incomplete; the baseline is left unchanged"))
                 : WriteBaseline(path, entries);
  if (written && !opts_.quiet) {
    std::cerr << BaselineWrittenLine(action, before.size(), entries.size(), path);
  }
  PrintTruncated(summary);
  PrintSuppressed(outcome.suppressed);
  if (!opts_.quiet) std::cerr << SummaryLine(summary) << "\n";
  return written ? kExitClean : ReportError(written.error());
}

// Even with -q: a report that is incomplete must say so where a person looks.
void CommandRun::PrintTruncated(const Summary& summary) const {
  if (!summary.truncated) return;
  std::cerr << fmt::format(
      "keysweep: notice: stopped after {} findings (--max-findings {}): the report is "
      "incomplete; more findings were left out\n",
      summary.findings, opts_.session.max_findings);
}

// On stderr before the summary line: what was left out, and why.
void CommandRun::PrintSuppressed(const SuppressedCounts& counts) const {
  if (!opts_.quiet) std::cerr << SuppressedLine(counts);
}

}  // namespace ks::cli
