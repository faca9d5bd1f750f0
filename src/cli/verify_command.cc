// `keysweep verify REPORT.json`: the live check for the findings of an earlier JSON report.
//
// Reports are normally redacted, and a redacted secret must never be sent. So each secret is
// taken from the report only when it reproduces the finding's fingerprint (a --show-secrets
// report); otherwise it is recovered by re-scanning the place the report names (the blob in
// --repo for git findings, the file for file findings) and matching fingerprints. A finding whose
// secret cannot be recovered is reported as unknown/secret_unavailable and nothing is sent for it.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/run.h"
#include "git/repository.h"
#include "report/report_reader.h"
#include "util/file.h"

namespace ks::cli {
namespace {

struct VerifyArgs {
  std::string report;
  std::string repo = ".";
};

// Re-scans report sources, each once, to get back the secrets of redacted findings.
class SecretRecovery {
 public:
  SecretRecovery(Run& run, std::string repo_dir)
      : scanner_(run.db(), &run.diag(), ScanSettings{/*include_examples=*/true}),
        repo_dir_(std::move(repo_dir)) {}

  std::optional<Secret> Recover(const Finding& f) {
    for (const Finding& again : Rescan(f)) {
      if (again.fingerprint == f.fingerprint) return again.secret;
    }
    return std::nullopt;
  }

 private:
  const std::vector<Finding>& Rescan(const Finding& f) {
    const std::string key = f.blob ? "blob:" + *f.blob : "file:" + f.path;
    auto [it, fresh] = cache_.try_emplace(key);
    std::string bytes;
    if (fresh && Read(f, &bytes)) {
      scanner_.Scan(Blob{bytes, f.path, f.source, f.blob.value_or("")}, &it->second);
    }
    return it->second;
  }

  bool Read(const Finding& f, std::string* bytes) {
    if (!f.blob) return f.source == SourceKind::kFile && ReadFileToString(f.path, bytes);
    const auto oid = git::Oid::FromHex(*f.blob);
    if (!repo_) repo_ = git::Repository::Discover(repo_dir_);
    if (!oid || !repo_->ok()) return false;
    auto object = repo_->value().Read(*oid);
    if (object.ok()) bytes->assign(object->data());
    return object.ok();
  }

  BlobScanner scanner_;
  std::string repo_dir_;
  std::optional<Result<git::Repository>> repo_;
  std::map<std::string, std::vector<Finding>> cache_;
};

// Findings whose secret is known go through the live check; the others say why they did not.
void VerifyReported(Run& run, std::vector<ReportedFinding>& reported, const std::string& repo) {
  SecretRecovery recovery(run, repo);
  std::vector<Finding> checkable, unavailable;
  for (ReportedFinding& r : reported) {
    if (!r.secret_known) {
      if (auto secret = recovery.Recover(r.finding)) {
        r.finding.secret = std::move(*secret);
        r.secret_known = true;
      }
    }
    (r.secret_known ? checkable : unavailable).push_back(std::move(r.finding));
  }
  run.VerifyNow(checkable);
  const verify::Verdict no_secret{verify::Status::kUnknown, "secret_unavailable", {}, {}, {}};
  for (Finding& f : unavailable) f.verification = no_secret;
  // A key ID whose secrets were all in the report but could not be recovered lacks them for
  // that reason, not because none was found.
  for (Finding& f : checkable) {
    const bool lost = std::any_of(unavailable.begin(), unavailable.end(), [&](const Finding& u) {
      return u.key_id && u.key_id == f.key_id;
    });
    if (lost && f.verification.reason == "no_secret") f.verification = no_secret;
  }
  run.collector().Add(checkable);
  run.collector().Add(unavailable);
}

int RunVerify(GlobalOptions opts, const VerifyArgs& args) {
  opts.verify = true;
  Run run;
  if (!run.Start(opts)) return kExitError;
  std::string text;
  if (!ReadFileToString(args.report, &text)) {
    return ReportError(MakeError(ErrorKind::kInput, "cannot read " + args.report));
  }
  auto reported = ReadJsonReport(text);
  if (!reported.ok()) {
    return ReportError(MakeError(ErrorKind::kInput, args.report + ": " + reported.error().message));
  }
  VerifyReported(run, reported.value(), args.repo);
  Summary summary;
  summary.blobs_scanned = 0;
  return run.Finish(summary, /*nothing_scanned_is_error=*/false);
}

}  // namespace

void AddVerifyCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Check the findings of an earlier JSON report live with STS (implies --verify)\n"
      "\n"
      "Asks AWS STS GetCallerIdentity about every key pair of the report, as --verify does "
      "during a scan: the request carries the key ID and a signature, never the secret, and "
      "shows in the key owner's CloudTrail. Secrets are taken from the report only if they "
      "reproduce the findings' fingerprints (a --show-secrets report); otherwise they are "
      "recovered from the blob or file the report names. A secret that cannot be recovered is "
      "reported as unknown and nothing is sent for it.");
  cmd->add_option("report", args->report,
                  "A report written with --format json or jsonl (several runs may be "
                  "concatenated)")
      ->required();
  cmd->add_option("--repo", args->repo,
                  "Repository holding the report's blobs, to recover redacted secrets")
      ->capture_default_str();
  cmd->footer(
      "Global options (see keysweep --help), e.g. --sts-endpoint and --format, may come before "
      "or after the command name.\n"
      "\n"
      "EXAMPLES\n"
      "  keysweep history --format json -o report.json && keysweep verify report.json\n"
      "  keysweep verify report.json --repo ~/src/app --format json -o verified.json");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunVerify(opts, *args); });
}

}  // namespace ks::cli
