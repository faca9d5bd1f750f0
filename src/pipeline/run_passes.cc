#include "pipeline/run_passes.h"

#include <string>

#include "aws/pairing.h"
#include "aws/smtp.h"
#include "builtin/builtin.h"
#include "findings/smtp_linkage.h"

namespace ks {
namespace {

void LinkSmtp(std::vector<Finding>& findings) {
  static const std::vector<std::string> kRegions =
      aws::ParseRegionList(builtin::DataFile("ses-regions.txt"));
  LinkSmtpPasswords(std::string(aws::kSmtpPasswordRule), std::string(aws::kSecretKeyRule), kRegions,
                    &findings);
}

bool IsSmtpPassword(const Finding& f) { return f.rule == aws::kSmtpPasswordRule; }

}  // namespace

Result<PassResult> RunPasses(std::vector<Finding>& findings, const PassOptions& opts,
                             FindingSink& sink) {
  LinkSmtp(findings);
  if (opts.suppress) std::erase_if(findings, opts.suppress);
  if (opts.verify) VerifyFindings(findings, *opts.verify);
  PassOptions deliver = opts;
  deliver.suppress = nullptr;  // done above, once
  deliver.verifying = false;
  FindingStream stream(std::move(deliver), sink);
  for (Finding& f : findings) stream.Add(std::move(f));
  findings.clear();
  return stream.Finish(nullptr);
}

bool FindingStream::Holds(const Finding& f) const { return opts_.verifying || IsSmtpPassword(f); }

void FindingStream::Add(Finding f) {
  if (stopped()) return;
  if (f.rule == aws::kSecretKeyRule) Remember(f);
  // SMTP passwords are suppressed after the linkage, as RunPasses() does; the rest now, so a
  // verifying run holds only what it may check.
  const bool suppress_now = !IsSmtpPassword(f);
  if (suppress_now && opts_.suppress && opts_.suppress(f)) return;
  if (!Holds(f)) return Deliver(f);
  if (!Hold(std::move(f))) return;
  suppressed_early_.push_back(suppress_now);
}

// A held finding costs memory until the end, so no more are held than could be reported.
bool FindingStream::Hold(Finding f) {
  if (result_.reported + held_.size() >= opts_.max_findings) {
    result_.truncated = true;
    limit_reached_ = true;
    return false;
  }
  held_.push_back(std::move(f));
  return true;
}

// Only what the linkage reads (rule, secret, key), once per distinct secret key and key ID.
void FindingStream::Remember(const Finding& f) {
  if (!seen_secret_keys_.emplace(f.secret.Reveal(), f.key_id.value_or("")).second) return;
  Finding key;
  key.rule = f.rule;
  key.secret = f.secret;
  key.key_id = f.key_id;
  key.account_id = f.account_id;
  secret_keys_.push_back(std::move(key));
}

void FindingStream::Deliver(const Finding& f) {
  if (stopped()) return;
  const bool live = f.verification.status == verify::Status::kValid;
  if (opts_.only_verified && !live) return;
  if (result_.reported >= opts_.max_findings) {
    result_.truncated = true;
    limit_reached_ = true;
    return;
  }
  if (Status s = sink_->Accept(f); !s) {
    error_ = s;
    return;
  }
  ++result_.reported;
  result_.live += live ? 1 : 0;
  result_.failing += !opts_.fails || opts_.fails(f) ? 1 : 0;
}

// The held findings, linked to the secret keys of the run and suppressed where that waited for
// the linkage.
std::vector<Finding> FindingStream::TakeHeld() {
  std::vector<Finding> linked = std::exchange(secret_keys_, {});
  const size_t keys = linked.size();
  for (Finding& f : held_) linked.push_back(std::move(f));
  held_.clear();
  LinkSmtp(linked);
  std::vector<Finding> out;
  for (size_t i = keys; i < linked.size(); ++i) {
    const bool suppress = !suppressed_early_[i - keys] && opts_.suppress;
    if (suppress && opts_.suppress(linked[i])) continue;
    out.push_back(std::move(linked[i]));
  }
  suppressed_early_.clear();
  return out;
}

Result<PassResult> FindingStream::Finish(const CredentialChecker* verify) {
  if (!held_.empty()) {
    const bool limited = limit_reached_;
    limit_reached_ = false;  // what was held fits under the limit: it goes out now
    std::vector<Finding> held = TakeHeld();
    if (verify) VerifyFindings(held, *verify);
    for (const Finding& f : held) Deliver(f);
    limit_reached_ = limit_reached_ || limited;
  }
  if (!error_) return error_.error();
  return result_;
}

}  // namespace ks
