#include "findings/verification.h"

#include <map>
#include <optional>

#include "aws/pairing.h"

namespace ks {
namespace {

using verify::Credential;
using verify::Verdict;

bool IsRule(const Finding& f, std::string_view rule) { return f.rule == rule; }

// Findings that must never be sent, whatever else is true of them.
std::optional<Verdict> MustSkip(const Finding& f) {
  if (f.canary) return verify::Skipped("canary");
  if (f.example) return verify::Skipped("example");
  if (f.key_id && (f.key_id->starts_with("ABIA") || f.key_id->starts_with("ACCA"))) {
    return verify::Skipped("unsupported_key_type");
  }
  return std::nullopt;
}

bool SameBlob(const Finding& a, const Finding& b) {
  return a.path == b.path && a.commit == b.commit && a.blob == b.blob;
}

// The session token found with this secret's key in the same file, if any.
std::string TokenFor(const Finding& secret, const std::vector<Finding>& findings) {
  for (const Finding& t : findings) {
    if (IsRule(t, aws::kSessionTokenRule) && t.key_id == secret.key_id && SameBlob(t, secret)) {
      return t.secret.Reveal();
    }
  }
  return {};
}

std::optional<Credential> CredentialFor(const Finding& f, const std::vector<Finding>& findings) {
  if (!IsRule(f, aws::kSecretKeyRule) || !f.key_id || MustSkip(f)) return std::nullopt;
  Credential c{*f.key_id, f.secret.Reveal(), ""};
  if (f.key_id->starts_with("ASIA")) {
    c.session_token = TokenFor(f, findings);
    if (c.session_token.empty()) return std::nullopt;  // STS cannot check it without its token
  }
  return c;
}

// The verdict of a finding that had no credential of its own.
Verdict Derived(const Finding& f, const std::map<std::string, Verdict>& best_by_key) {
  if (auto skip = MustSkip(f)) return *skip;
  if (IsRule(f, aws::kSmtpPasswordRule)) {
    const auto it =
        f.derived_from_key_id ? best_by_key.find(*f.derived_from_key_id) : best_by_key.end();
    return it != best_by_key.end() ? it->second : verify::Skipped("smtp_password");
  }
  if (!f.key_id)
    return verify::Skipped(f.rule.starts_with("aws-") ? "no_key_id" : "not_aws_credential");
  const auto it = best_by_key.find(*f.key_id);
  if (it != best_by_key.end()) return it->second;
  return verify::Skipped(f.key_id->starts_with("ASIA") ? "no_session_token" : "no_secret");
}

}  // namespace

void VerifyFindings(std::vector<Finding>& findings, const CredentialChecker& check) {
  std::vector<Credential> credentials;
  std::vector<std::optional<size_t>> slot(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    auto c = CredentialFor(findings[i], findings);
    if (!c) continue;
    slot[i] = credentials.size();
    credentials.push_back(std::move(*c));
  }
  const std::vector<Verdict> verdicts =
      credentials.empty() ? std::vector<Verdict>() : check(credentials);
  std::map<std::string, Verdict> best_by_key;
  for (size_t i = 0; i < credentials.size() && i < verdicts.size(); ++i) {
    Verdict& best = best_by_key[credentials[i].key_id];
    if (verdicts[i].Rank() > best.Rank()) best = verdicts[i];
  }
  for (size_t i = 0; i < findings.size(); ++i) {
    findings[i].verification = slot[i] && *slot[i] < verdicts.size()
                                   ? verdicts[*slot[i]]
                                   : Derived(findings[i], best_by_key);
  }
}

}  // namespace ks
