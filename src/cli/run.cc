#include "cli/run.h"

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli/rule_help.h"
#include "cli/rule_loading.h"
#include "cli/version.h"
#include "config/allowlist.h"
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

// The configuration fills in what the command line left unset.
void ApplyConfig(const config::Config& c, GlobalOptions* o) {
  if (c.max_file_size && !o->max_file_size_given) o->max_file_size = *c.max_file_size;
}

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

// Records a run's findings as baseline entries instead of reporting them, with root-relative
// paths, so that where keysweep was started from does not change the file.
class BaselineRecorder : public Reporter {
 public:
  BaselineRecorder(std::vector<baseline::Entry>* out, const config::ScanRoot& root)
      : out_(out), paths_(root) {}
  void OnFinding(const Finding& f) override {
    baseline::Entry e = baseline::EntryFor(f);
    e.path = paths_.Map(f.path);
    out_->push_back(std::move(e));
  }
  void Finish(const Summary&) override {}

 private:
  std::vector<baseline::Entry>* out_;
  config::RootRelative paths_;
};

// `baseline create`: every fingerprint found; `prune`: the old entries found again.
std::vector<baseline::Entry> NextBaseline(BaselineAction action,
                                          const std::vector<baseline::Entry>& recorded,
                                          const std::vector<baseline::Entry>& old) {
  if (action == BaselineAction::kCreate) return baseline::Normalize(recorded);
  return baseline::Normalize(baseline::Prune(old, baseline::Fingerprints(recorded)));
}

std::string BaselineWritten(BaselineAction action, size_t before, size_t after,
                            const std::string& path) {
  if (action == BaselineAction::kCreate) {
    return fmt::format("keysweep: baseline: wrote {} entries to {}\n", after, path);
  }
  return fmt::format("keysweep: baseline: dropped {} of {} entries no longer found; {} has {}\n",
                     before - after, before, path, after);
}

// SARIF help is prose for people: in the language the environment asks for, as `playbook`.
playbook::Lang ReportLang() {
  return playbook::LangFromLocale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"),
                                  std::getenv("LANG"));
}

}  // namespace

bool Run::Start(const GlobalOptions& opts, const config::ScanRoot& root) {
  opts_ = opts;
  diag_ = std::make_unique<StderrDiagnostics>(opts.quiet);
  auto verifier = MakeVerifier(opts);
  if (!verifier.ok()) return ReportError(verifier.error()), false;
  verifier_ = std::move(verifier).value();
  // libcurl runs without signals (threads), so a TLS write to a socket the server closed would
  // raise SIGPIPE and kill the run; only verifying runs ignore it, so `keysweep … | head` still
  // ends quietly.
  if (verifier_) std::signal(SIGPIPE, SIG_IGN);
  if (Status s = Configure(root); !s) return ReportError(s.error()), false;
  auto db = LoadRunRules(opts_, rule_files_);
  if (!db.ok()) return ReportError(db.error()), false;
  db_ = std::move(db).value();
  if (opts.verbose) {
    std::cerr << "keysweep: rules database: " << DbOriginName(db_.origin) << " " << db_.note
              << "\n";
  }
  if (Status s = SetUpSuppression(root); !s) return ReportError(s.error()), false;
  if (opts.baseline_action != BaselineAction::kNone) return StartRecording(root);
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
  const FlushResult flushed = collector_->Flush(
      FlushOptions{verify_now ? &check : nullptr, opts_.only_verified, Suppression(), Failing()});
  summary.findings = flushed.reported;
  summary.verified = verifier_.has_value();
  summary.live = flushed.live;
  summary.errors = diag_->errors();
  summary.elapsed_ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::steady_clock::now() - start_)
                                                 .count());
  if (opts_.baseline_action != BaselineAction::kNone) {
    return FinishRecording(summary, nothing_scanned_is_error);
  }
  reporter_->Finish(summary);
  const bool written = output_->Close();
  PrintSuppressed();
  // The summary stays the last line: scripts read it with `tail -1`.
  if (!opts_.quiet) std::cerr << NextSteps(opts_, summary) << SummaryLine(summary) << "\n";
  if (!written) return ReportError(MakeError(ErrorKind::kInput, "could not write the report"));
  if (summary.errors > 0) return kExitError;
  if (nothing_scanned_is_error && summary.bytes_scanned == 0) {
    return ReportError(MakeError(ErrorKind::kInput, "nothing was scanned (0 bytes read)"));
  }
  return flushed.failing > 0 ? kExitFindings : kExitClean;
}

Status Run::Configure(const config::ScanRoot& root) {
  if (opts_.no_config) return {};
  auto loaded = config::LoadConfig(opts_.config, root.dir);
  if (!loaded.ok()) return loaded.error();
  config_ = std::move(loaded).value();
  if (!config_) return {};
  if (opts_.verbose) std::cerr << "keysweep: configuration: " << config_->file << "\n";
  ApplyConfig(*config_, &opts_);
  auto files = config::RuleFiles(*config_);
  if (!files.ok()) return files.error();
  rule_files_ = std::move(files).value();
  return {};
}

Status Run::SetUpSuppression(const config::ScanRoot& root) {
  baseline::SuppressorParts parts;
  parts.paths = config::RootRelative(root);
  if (config_) {
    if (Status s = CheckDisabledRules(&parts.disabled_rules); !s) return s;
    auto allowlist = config::Allowlist::Create(*config_);
    if (!allowlist.ok()) return allowlist.error();
    parts.allowlist = std::move(allowlist).value();
  }
  if (Status s = LoadBaseline(&parts); !s) return s;
  if (Status s = LoadGitleaksIgnore(root, &parts); !s) return s;
  suppressor_ = std::make_unique<baseline::Suppressor>(std::move(parts));
  return SetFailSeverities();
}

// An id that names no rule is an error: a typo would otherwise leave the rule on unnoticed.
Status Run::CheckDisabledRules(std::set<std::string>* ids) const {
  std::string unknown;
  for (const config::Located& id : config_->disabled_rules) {
    if (db_.db->rules().Find(id.value) >= 0) {
      ids->insert(id.value);
      continue;
    }
    if (!unknown.empty()) unknown += '\n';
    unknown += fmt::format("{}: disabled_rules: no rule '{}' (see `keysweep rules list`)",
                           config::Where(*config_, id.line), id.value);
  }
  if (unknown.empty()) return {};
  return MakeError(ErrorKind::kUsage, unknown);
}

// --baseline, else the configuration's. `baseline create` reads none: it writes one.
Status Run::LoadBaseline(baseline::SuppressorParts* parts) {
  if (opts_.baseline_action == BaselineAction::kCreate) return {};
  Result<std::string> path = opts_.baseline;
  if (opts_.baseline.empty() && config_ && config_->baseline) path = config::BaselinePath(*config_);
  if (!path.ok()) return path.error();
  if (path->empty() && opts_.baseline_action == BaselineAction::kPrune) {
    return MakeError(ErrorKind::kUsage,
                     "baseline prune needs --baseline FILE (or `baseline:` in "
                     "the configuration)");
  }
  if (path->empty()) return {};
  auto entries = baseline::Load(*path);
  if (!entries.ok()) return entries.error();
  if (opts_.verbose) {
    std::cerr << "keysweep: baseline: " << *path << " (" << entries->size() << " entries)\n";
  }
  baseline_path_ = *path;
  if (opts_.baseline_action == BaselineAction::kPrune) {
    baseline_entries_ = std::move(entries).value();  // nothing is suppressed: prune must see all
  } else {
    parts->baseline = baseline::Fingerprints(*entries);
  }
  return {};
}

// `.gitleaksignore` at the scan root, unless --no-config asks for no repository settings at all.
Status Run::LoadGitleaksIgnore(const config::ScanRoot& root, baseline::SuppressorParts* parts) {
  if (opts_.no_config || root.dir.empty()) return {};
  auto file = baseline::LoadGitleaksIgnore(root.dir);
  if (!file.ok()) return file.error();
  if (!*file) return {};
  for (int line : (*file)->bad_lines) {
    diag_->Notice(fmt::format("{}/{}:{}: not a gitleaks fingerprint; ignored", root.dir,
                              baseline::kGitleaksIgnoreName, line));
  }
  if (opts_.verbose) {
    std::cerr << "keysweep: " << baseline::kGitleaksIgnoreName << ": " << (*file)->entries.size()
              << " entries\n";
  }
  parts->gitleaks_ignore.emplace((*file)->entries);
  return {};
}

// --fail-on-severity, else the configuration's fail_on_severity, else every severity.
Status Run::SetFailSeverities() {
  for (const std::string& name : opts_.fail_on_severity) {
    Severity s;
    if (!ParseSeverity(name, &s)) {
      return MakeError(ErrorKind::kUsage, fmt::format("--fail-on-severity: unknown '{}'", name));
    }
    fail_severities_.insert(s);
  }
  if (!opts_.fail_on_severity.empty()) return {};
  if (config_ && config_->fail_on_severity) {
    fail_severities_.insert(config_->fail_on_severity->begin(), config_->fail_on_severity->end());
    return {};
  }
  for (Severity s :
       {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    fail_severities_.insert(s);
  }
  return {};
}

std::function<bool(const Finding&)> Run::Suppression() {
  return [this](const Finding& f) {
    const baseline::Reason why = suppressor_->Check(f);
    if (why == baseline::Reason::kKept) return false;
    ++suppressed_[static_cast<size_t>(why)];
    return true;
  };
}

std::function<bool(const Finding&)> Run::Failing() const {
  return [this](const Finding& f) {
    const bool live_enough =
        opts_.fail_on != "live" || f.verification.status == verify::Status::kValid;
    return live_enough && fail_severities_.contains(f.severity);
  };
}

// On stderr before the summary line: what was left out, and why, so a silenced key is never a
// surprise.
void Run::PrintSuppressed() const {
  using baseline::Reason;
  const std::pair<uint64_t, const char*> parts[] = {
      {suppressed_[static_cast<size_t>(Reason::kBaseline)], "by the baseline"},
      {inline_ignored_.load(), "by inline markers"},
      {suppressed_[static_cast<size_t>(Reason::kAllowlist)], "by the allowlist"},
      {suppressed_[static_cast<size_t>(Reason::kGitleaksIgnore)], "by .gitleaksignore"},
      {suppressed_[static_cast<size_t>(Reason::kDisabledRule)], "of disabled rules"},
  };
  uint64_t total = 0;
  std::string detail;
  for (const auto& [n, why] : parts) {
    if (n == 0) continue;
    total += n;
    detail += fmt::format("{}{} {}", detail.empty() ? "" : ", ", n, why);
  }
  if (total == 0 || opts_.quiet) return;
  std::cerr << fmt::format("keysweep: suppressed {} finding{}: {}\n", total, total == 1 ? "" : "s",
                           detail);
}

bool Run::StartRecording(const config::ScanRoot& root) {
  if (opts_.verify) {
    return ReportError(MakeError(ErrorKind::kUsage, "baseline commands take no --verify")), false;
  }
  if (opts_.baseline_action == BaselineAction::kCreate && opts_.output.empty()) {
    return ReportError(MakeError(ErrorKind::kUsage, "baseline create writes to -o FILE")), false;
  }
  reporter_ = std::make_unique<BaselineRecorder>(&recorded_, root);
  collector_ = std::make_unique<FindingCollector>(reporter_.get());
  return true;
}

// A scan with errors may have missed findings: writing its baseline (or pruning by it) would
// forget accepted keys, so nothing is written then.
int Run::FinishRecording(const Summary& summary, bool nothing_scanned_is_error) {
  const std::string path = opts_.output.empty() ? baseline_path_ : opts_.output;
  const std::vector<baseline::Entry> entries =
      NextBaseline(opts_.baseline_action, recorded_, baseline_entries_);
  const bool incomplete =
      summary.errors > 0 || (nothing_scanned_is_error && summary.bytes_scanned == 0);
  const Status written =
      incomplete ? Status(MakeError(ErrorKind::kInput,
                                    "the scan was incomplete; the baseline is left unchanged"))
                 : WriteBaseline(path, entries);
  if (written && !opts_.quiet) {
    std::cerr << BaselineWritten(opts_.baseline_action, baseline_entries_.size(), entries.size(),
                                 path);
  }
  PrintSuppressed();
  if (!opts_.quiet) std::cerr << SummaryLine(summary) << "\n";
  return written ? kExitClean : ReportError(written.error());
}

config::ScanRoot RepoScanRoot(const std::string& repo) {
  auto r = git::Repository::Discover(repo);
  if (!r.ok() || r->bare()) return {};
  return config::ScanRoot{config::WorkTreeRoot(repo), /*paths_from_cwd=*/false};
}

void DescribeRepository(git::HeadInfo head, Summary* summary) {
  summary->repository = std::move(head.path);
  summary->revision = std::move(head.revision);
  summary->branch = std::move(head.branch);
}

}  // namespace ks::cli
