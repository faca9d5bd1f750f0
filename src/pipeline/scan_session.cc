#include "pipeline/scan_session.h"

#include <fmt/format.h>

#include <array>
#include <atomic>

#include "config/allowlist.h"
#include "pipeline/rule_loading.h"
#include "verify/curl_library.h"

namespace ks {

// Counted from any scanning thread (inline markers) or from the passes (the others).
struct ScanSession::Counters {
  std::atomic<uint64_t> inline_ignored{0};
  std::array<uint64_t, 5> suppressed{};  // by baseline::Reason
};

namespace {

using std::chrono::milliseconds;

milliseconds Millis(double seconds) { return milliseconds(static_cast<int64_t>(seconds * 1000)); }

Status CheckVerifyFlags(const VerifyOptions& v) {
  if (v.enabled) return {};
  if (v.fail_on_live) return MakeError(ErrorKind::kUsage, "--fail-on live needs --verify");
  if (v.only_verified) return MakeError(ErrorKind::kUsage, "--only-verified needs --verify");
  return {};
}

verify::StsOptions StsOptionsFor(const VerifyOptions& v) {
  verify::StsOptions sts;
  sts.endpoint = v.sts_endpoint;
  sts.region = v.sts_region;
  if (!v.sts_ca_file.empty()) sts.ca_file = v.sts_ca_file;
  sts.request_timeout = Millis(v.timeout_s);
  sts.deadline = Millis(v.deadline_s);
  sts.concurrency = v.concurrency;
  if (!v.user_agent.empty()) sts.user_agent = v.user_agent;
  return sts;
}

}  // namespace

ScanSession::ScanSession(SessionOptions opts, Diagnostics* diag, Env& env)
    : opts_(std::move(opts)),
      diag_(diag),
      env_(&env),
      start_(env.Now()),
      counters_(std::make_unique<Counters>()) {}
ScanSession::ScanSession(ScanSession&&) noexcept = default;
ScanSession& ScanSession::operator=(ScanSession&&) noexcept = default;
ScanSession::~ScanSession() = default;

Result<ScanSession> ScanSession::Create(SessionOptions opts, const config::ScanRoot& root,
                                        Diagnostics* diag, Env& env) {
  ScanSession session(std::move(opts), diag, env);
  if (Status s = session.SetUpVerifier(); !s) return s.error();
  if (Status s = session.Configure(root); !s) return s.error();
  if (Status s = session.LoadRules(); !s) return s.error();
  if (Status s = session.SetUpSuppression(root); !s) return s.error();
  session.committed_.reset();  // read: the base's repository handle is not held for the run
  return session;
}

ScanSettings ScanSession::scan_settings() const {
  return ScanSettings{opts_.include_examples, &counters_->inline_ignored};
}

Status ScanSession::SetUpVerifier() {
  if (Status s = CheckVerifyFlags(opts_.verify); !s || !opts_.verify.enabled) return s;
  auto v = verify::StsVerifier::Create(StsOptionsFor(opts_.verify));
  if (!v.ok()) return v.error();
  // Said once, up front, rather than as verifier_unavailable on every finding.
  if (const verify::CurlLibrary& curl = verify::LoadCurl(); !curl.loaded()) {
    return MakeError(ErrorKind::kUsage, curl.error);
  }
  verifier_.emplace(std::move(v).value());
  return {};
}

// --no-config reads nothing of the repository; --config FILE is the user's own; otherwise a
// range reads the base's committed file and any other run the one at the scan root.
Status ScanSession::Configure(const config::ScanRoot& root) {
  if (opts_.no_config) return {};
  committed_ = root.committed;
  if (committed_ && opts_.config.empty()) return ConfigureCommitted(*committed_);
  auto loaded = config::LoadConfig(opts_.config, root.dir);
  if (!loaded.ok()) return loaded.error();
  config_ = std::move(loaded).value();
  if (!config_) return {};
  if (Status s = AdoptConfig(); !s) return s;
  auto files = config::RuleFiles(*config_);
  if (!files.ok()) return files.error();
  rule_files_ = std::move(files).value();
  return {};
}

// The base's `.keysweep.yaml`, or none (the defaults: never the range's own file).
Status ScanSession::ConfigureCommitted(const config::CommittedTree& tree) {
  const std::string name(config::kConfigFileName);
  settings_paths_.push_back(name);
  auto text = tree.Read(name, config::kMaxCommittedConfig);
  if (!text.ok()) return MakeError(ErrorKind::kUsage, text.error().message);
  if (!*text) {
    diag_->Info(fmt::format("configuration: none at {} (the range's base)", tree.revision()));
    return {};
  }
  auto parsed = config::ParseConfig(**text, tree.Label(name));
  if (!parsed.ok()) return parsed.error();
  parsed->confine_to = tree.Label("");  // never resolved on the file system
  config_ = std::move(parsed).value();
  if (Status s = AdoptConfig(); !s) return s;
  auto rules = config::CommittedRules(tree, *config_, &settings_paths_);
  if (!rules.ok()) return rules.error();
  committed_rules_ = std::move(rules).value();
  return {};
}

// What the configuration read sets for the whole run beyond suppression.
Status ScanSession::AdoptConfig() {
  diag_->Info("configuration: " + config_->file);
  if (config_->max_file_size && !opts_.max_file_size_given) {
    opts_.max_file_size = *config_->max_file_size;
  }
  return {};
}

Status ScanSession::LoadRules() {
  // Rules of a configuration found in the repository (confined to it) or read from a range's
  // base are the repository's: budgeted. A --config FILE is the user's own.
  const bool from_repository = config_ && !config_->confine_to.empty();
  auto db =
      LoadRunRules(opts_.rules, ConfigRules{rule_files_, committed_rules_, from_repository}, *env_);
  if (!db.ok()) return db.error();
  db_ = std::move(db).value();
  diag_->Info(fmt::format("rules database: {} {}", DbOriginName(db_.origin), db_.note));
  return {};
}

Status ScanSession::SetUpSuppression(const config::ScanRoot& root) {
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
Status ScanSession::CheckDisabledRules(std::set<std::string>* ids) const {
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

// The given baseline, else the configuration's (in a range, as committed at the base).
// `baseline create` reads none: it writes one.
Status ScanSession::LoadBaseline(baseline::SuppressorParts* parts) {
  if (opts_.baseline_action == BaselineAction::kCreate) return {};
  const bool configured = opts_.baseline.empty() && config_ && config_->baseline;
  const bool from_base = committed_ && opts_.config.empty();
  if (configured && from_base && opts_.baseline_action != BaselineAction::kPrune) {
    auto entries = LoadCommittedBaseline();
    if (!entries.ok()) return entries.error();
    parts->baseline = baseline::Fingerprints(*entries);
    return {};
  }
  Result<std::string> path = opts_.baseline;
  if (configured && !from_base) path = config::BaselinePath(*config_);
  if (!path.ok()) return path.error();
  if (path->empty() && opts_.baseline_action == BaselineAction::kPrune) {
    return MakeError(ErrorKind::kUsage,
                     "baseline prune needs --baseline FILE (or `baseline:` in "
                     "the configuration)");
  }
  if (path->empty()) return {};
  auto entries = baseline::Load(*path);
  if (!entries.ok()) return entries.error();
  diag_->Info(fmt::format("baseline: {} ({} entries)", *path, entries->size()));
  baseline_path_ = *path;
  if (opts_.baseline_action == BaselineAction::kPrune) {
    baseline_entries_ = std::move(entries).value();  // nothing is suppressed: prune must see all
  } else {
    parts->baseline = baseline::Fingerprints(*entries);
  }
  return {};
}

// The baseline the base's configuration names, read from the base: a missing one is an error,
// as on disk.
Result<std::vector<baseline::Entry>> ScanSession::LoadCommittedBaseline() {
  auto path = config::CommittedPath(*config_, *config_->baseline);
  if (!path.ok()) return path.error();
  settings_paths_.push_back(*path);
  const std::string label = committed_->Label(*path);
  auto text = committed_->Read(*path, config::kMaxCommittedBaseline);
  if (!text.ok()) return MakeError(ErrorKind::kUsage, text.error().message);
  if (!*text) {
    return MakeError(ErrorKind::kUsage,
                     fmt::format("{}: baseline: {}: no such file",
                                 config::Where(*config_, config_->baseline->line), label));
  }
  auto entries = baseline::Parse(**text, label);
  if (!entries.ok()) return entries.error();
  diag_->Info(fmt::format("baseline: {} ({} entries)", label, entries->size()));
  return entries;
}

// `.gitleaksignore` at the scan root (in a range, at the base), unless repository settings are
// not to be read at all.
Result<std::optional<baseline::GitleaksIgnoreFile>> ScanSession::ReadGitleaksIgnore(
    const config::ScanRoot& root) {
  using File = std::optional<baseline::GitleaksIgnoreFile>;
  if (!committed_) return baseline::LoadGitleaksIgnore(root.dir);
  const std::string name(baseline::kGitleaksIgnoreName);
  settings_paths_.push_back(name);
  auto text = committed_->Read(name, config::kMaxCommittedIgnore);
  if (!text.ok()) return MakeError(ErrorKind::kInput, text.error().message);
  if (!*text) return File();
  return File(baseline::ParseGitleaksIgnore(**text));
}

Status ScanSession::LoadGitleaksIgnore(const config::ScanRoot& root,
                                       baseline::SuppressorParts* parts) {
  if (opts_.no_config || (root.dir.empty() && !committed_)) return {};
  auto file = ReadGitleaksIgnore(root);
  if (!file.ok()) return file.error();
  if (!*file) return {};
  const std::string where = committed_
                                ? committed_->Label(baseline::kGitleaksIgnoreName)
                                : fmt::format("{}/{}", root.dir, baseline::kGitleaksIgnoreName);
  for (int line : (*file)->bad_lines) {
    diag_->Notice(fmt::format("{}:{}: not a gitleaks fingerprint; ignored", where, line));
  }
  diag_->Info(
      fmt::format("{}: {} entries", baseline::kGitleaksIgnoreName, (*file)->entries.size()));
  parts->gitleaks_ignore.emplace((*file)->entries);
  return {};
}

// The options' severities, else the configuration's fail_on_severity, else every severity.
Status ScanSession::SetFailSeverities() {
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

CredentialChecker ScanSession::Checker() {
  return [this](const std::vector<verify::Credential>& credentials) {
    diag_->Info(fmt::format("checking {} credential(s) with {}", credentials.size(),
                            opts_.verify.sts_endpoint));
    return verifier_->VerifyAll(credentials);
  };
}

void ScanSession::VerifyNow(std::vector<Finding>& findings) {
  if (!verifier_) return;
  VerifyFindings(findings, Checker());
  verified_early_ = true;
}

std::function<bool(const Finding&)> ScanSession::Suppression() {
  return [this](const Finding& f) {
    const baseline::Reason why = suppressor_->Check(f);
    if (why == baseline::Reason::kKept) return false;
    ++counters_->suppressed[static_cast<size_t>(why)];
    return true;
  };
}

std::function<bool(const Finding&)> ScanSession::Failing() const {
  return [this](const Finding& f) {
    const bool live_enough =
        !opts_.verify.fail_on_live || f.verification.status == verify::Status::kValid;
    return live_enough && fail_severities_.contains(f.severity);
  };
}

SuppressedCounts ScanSession::Suppressed() const {
  using baseline::Reason;
  const auto& by = counters_->suppressed;
  SuppressedCounts c;
  c.baseline = by[static_cast<size_t>(Reason::kBaseline)];
  c.inline_markers = counters_->inline_ignored.load();
  c.allowlist = by[static_cast<size_t>(Reason::kAllowlist)];
  c.gitleaks_ignore = by[static_cast<size_t>(Reason::kGitleaksIgnore)];
  c.disabled_rules = by[static_cast<size_t>(Reason::kDisabledRule)];
  return c;
}

PassOptions ScanSession::StreamOptions() {
  PassOptions p;
  p.only_verified = opts_.verify.only_verified;
  p.suppress = Suppression();
  p.fails = Failing();
  p.max_findings = opts_.max_findings;
  p.verifying = verifier_.has_value();
  return p;
}

void ScanSession::Stream(FindingSink& sink) { collector_->Start(StreamOptions(), sink); }

Result<RunOutcome> ScanSession::Finish(Summary summary, FindingSink& sink) {
  const CredentialChecker check = Checker();
  const bool verify_now = verifier_ && !verified_early_;
  if (!collector_->started()) Stream(sink);
  auto passed = collector_->Finish(verify_now ? &check : nullptr);
  if (!passed.ok()) return passed.error();
  summary.findings = passed->reported;
  summary.verified = verifier_.has_value();
  summary.live = passed->live;
  summary.truncated = passed->truncated;
  summary.max_file_size = opts_.max_file_size;
  summary.errors = diag_->errors();
  summary.elapsed_ms =
      static_cast<uint64_t>(std::chrono::duration_cast<milliseconds>(env_->Now() - start_).count());
  if (Status s = sink.Complete(summary); !s) return s.error();
  return RunOutcome{summary, passed->failing, Suppressed()};
}

}  // namespace ks
