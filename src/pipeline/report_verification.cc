#include "pipeline/report_verification.h"

#include <algorithm>
#include <utility>

#include "findings/finding_builder.h"
#include "util/file.h"

namespace ks {
namespace {

// A key ID whose secrets were all in the report but could not be recovered lacks them for that
// reason, not because none was found.
void MarkLostSecrets(std::vector<Finding>& checkable, const std::vector<Finding>& unavailable,
                     const verify::Verdict& no_secret) {
  for (Finding& f : checkable) {
    const bool lost = std::any_of(unavailable.begin(), unavailable.end(), [&](const Finding& u) {
      return u.key_id && u.key_id == f.key_id;
    });
    if (lost && f.verification.reason == "no_secret") f.verification = no_secret;
  }
}

}  // namespace

SecretRecovery::SecretRecovery(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag,
                               std::string repo_dir)
    : scanner_(db, diag, ScanSettings{/*include_examples=*/true}), repo_dir_(std::move(repo_dir)) {}

std::optional<Secret> SecretRecovery::Recover(const Finding& f) {
  for (const Finding& again : Rescan(f)) {
    if (again.fingerprint == f.fingerprint) return again.secret;
  }
  return std::nullopt;
}

const std::vector<Finding>& SecretRecovery::Rescan(const Finding& f) {
  const std::string key = f.blob ? "blob:" + *f.blob : "file:" + f.path;
  auto [it, fresh] = cache_.try_emplace(key);
  std::string bytes;
  if (fresh && Read(f, &bytes)) {
    scanner_.Scan(Blob{bytes, f.path, f.source, f.blob.value_or("")}, &it->second);
  }
  return it->second;
}

bool SecretRecovery::Read(const Finding& f, std::string* bytes) {
  if (!f.blob) return f.source == SourceKind::kFile && ReadFileToString(f.path, bytes);
  const auto oid = git::Oid::FromHex(*f.blob);
  if (!repo_) repo_ = git::Repository::Discover(repo_dir_);
  if (!oid || !repo_->ok()) return false;
  auto object = repo_->value().Read(*oid);
  if (object.ok()) bytes->assign(object->data());
  return object.ok();
}

void VerifyReported(ScanSession& session, std::vector<FindingToVerify> reported,
                    const std::string& repo_dir) {
  SecretRecovery recovery(session.db(), &session.diag(), repo_dir);
  std::vector<Finding> checkable, unavailable;
  for (FindingToVerify& r : reported) {
    if (!r.secret_known) {
      if (auto secret = recovery.Recover(r.finding)) {
        r.finding.secret = std::move(*secret);
        r.secret_known = true;
      }
    }
    (r.secret_known ? checkable : unavailable).push_back(std::move(r.finding));
  }
  // What a report says about a key is not trusted: one edited to call a canary's key ordinary
  // (or to leave the field out) must still never get it sent.
  for (Finding& f : checkable) ClassifyKey(Canaries(), &f);
  session.VerifyNow(checkable);
  const verify::Verdict no_secret{verify::Status::kUnknown, "secret_unavailable", {}, {}, {}};
  for (Finding& f : unavailable) f.verification = no_secret;
  MarkLostSecrets(checkable, unavailable, no_secret);
  session.collector().Add(checkable);
  session.collector().Add(unavailable);
}

}  // namespace ks
