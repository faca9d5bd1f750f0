#include "cli/run.h"

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli/rule_help.h"
#include "cli/rule_loading.h"
#include "cli/version.h"
#include "git/head.h"
#include "report/next_steps.h"
#include "verify/curl_library.h"

namespace ks::cli {

int ReportError(const Error& e) {
  std::cerr << "keysweep: error: " << e.message << "\n";
  return kExitError;
}

namespace {

using std::chrono::milliseconds;

milliseconds Millis(double seconds) { return milliseconds(static_cast<int64_t>(seconds * 1000)); }

Result<std::optional<verify::StsVerifier>> MakeVerifier(const GlobalOptions& o) {
  if (!o.verify) {
    if (o.fail_on == "live") return MakeError(ErrorKind::kUsage, "--fail-on live needs --verify");
    if (o.only_verified) return MakeError(ErrorKind::kUsage, "--only-verified needs --verify");
    return std::optional<verify::StsVerifier>();
  }
  verify::StsOptions sts;
  sts.endpoint = o.sts_endpoint;
  sts.region = o.sts_region;
  if (!o.sts_ca_file.empty()) sts.ca_file = o.sts_ca_file;
  sts.request_timeout = Millis(o.verify_timeout_s);
  sts.deadline = Millis(o.verify_deadline_s);
  sts.concurrency = o.verify_concurrency;
  sts.user_agent = "keysweep/" + std::string(kVersion);
  auto v = verify::StsVerifier::Create(std::move(sts));
  if (!v.ok()) return v.error();
  // Said once, up front, rather than as verifier_unavailable on every finding.
  if (const verify::CurlLibrary& curl = verify::LoadCurl(); !curl.loaded()) {
    return MakeError(ErrorKind::kUsage, curl.error);
  }
  return std::optional<verify::StsVerifier>(std::move(v).value());
}

// SARIF help is prose for people: in the language the environment asks for, as `playbook`.
playbook::Lang ReportLang() {
  return playbook::LangFromLocale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"),
                                  std::getenv("LANG"));
}

}  // namespace

bool Run::Start(const GlobalOptions& opts) {
  opts_ = opts;
  diag_ = std::make_unique<StderrDiagnostics>(opts.quiet);
  auto verifier = MakeVerifier(opts);
  if (!verifier.ok()) return ReportError(verifier.error()), false;
  verifier_ = std::move(verifier).value();
  // libcurl runs without signals (threads), so a TLS write to a socket the server closed would
  // raise SIGPIPE and kill the run; only verifying runs ignore it, so `keysweep … | head` still
  // ends quietly.
  if (verifier_) std::signal(SIGPIPE, SIG_IGN);
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
  ReportOptions ropts{opts.show_secrets, output_->color(), std::string(kVersion), {}};
  if (opts.format == "sarif") ropts.rules = DescribeRules(db_.db->rules(), ReportLang());
  auto reporter = MakeReporter(opts.format, ropts, output_->stream());
  if (!reporter.ok()) return ReportError(reporter.error()), false;
  reporter_ = std::move(reporter).value();
  collector_ = std::make_unique<FindingCollector>(reporter_.get());
  return true;
}

// The text report ends with the next steps itself; a machine-readable report cannot, so for
// those the line goes to stderr, just before the summary.
std::string NextSteps(const GlobalOptions& opts, const Summary& summary) {
  if (summary.findings == 0 || opts.format == "text") return "";
  return NextStepsLine({}, "keysweep: next steps");
}

CredentialChecker Run::Checker() {
  return [this](const std::vector<verify::Credential>& credentials) {
    if (opts_.verbose) {
      std::cerr << "keysweep: checking " << credentials.size() << " credential(s) with "
                << opts_.sts_endpoint << "\n";
    }
    return verifier_->VerifyAll(credentials);
  };
}

void Run::VerifyNow(std::vector<Finding>& findings) {
  if (!verifier_) return;
  VerifyFindings(findings, Checker());
  verified_early_ = true;
}

int Run::Finish(Summary summary, bool nothing_scanned_is_error) {
  const CredentialChecker check = Checker();
  const bool verify_now = verifier_ && !verified_early_;
  const FlushResult flushed =
      collector_->Flush(FlushOptions{verify_now ? &check : nullptr, opts_.only_verified});
  summary.findings = flushed.reported;
  summary.verified = verifier_.has_value();
  summary.live = flushed.live;
  summary.errors = diag_->errors();
  summary.elapsed_ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::steady_clock::now() - start_)
                                                 .count());
  reporter_->Finish(summary);
  const bool written = output_->Close();
  // The summary stays the last line: scripts read it with `tail -1`.
  if (!opts_.quiet) std::cerr << NextSteps(opts_, summary) << SummaryLine(summary) << "\n";
  if (!written) return ReportError(MakeError(ErrorKind::kInput, "could not write the report"));
  if (summary.errors > 0) return kExitError;
  if (nothing_scanned_is_error && summary.bytes_scanned == 0) {
    return ReportError(MakeError(ErrorKind::kInput, "nothing was scanned (0 bytes read)"));
  }
  const uint64_t failing = opts_.fail_on == "live" ? summary.live : summary.findings;
  return failing > 0 ? kExitFindings : kExitClean;
}

void DescribeRepository(const git::Repository& repo, Summary* summary) {
  git::HeadInfo head = git::DescribeHead(repo);
  summary->repository = std::move(head.path);
  summary->revision = std::move(head.revision);
  summary->branch = std::move(head.branch);
}

}  // namespace ks::cli
