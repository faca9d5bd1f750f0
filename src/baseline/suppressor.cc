#include "baseline/suppressor.h"

namespace ks::baseline {

Reason Suppressor::Check(const Finding& f) const {
  if (f.rule == kConfigChangedRule) return Reason::kKept;  // for the reviewer, always
  if (p_.disabled_rules.contains(f.rule)) return Reason::kDisabledRule;
  const std::string path = p_.paths.Map(f.path);
  if (p_.allowlist &&
      (p_.allowlist->AllowsPath(path) || p_.allowlist->AllowsSecret(f.secret.Reveal()))) {
    return Reason::kAllowlist;
  }
  if (p_.baseline && p_.baseline->contains(f.fingerprint)) return Reason::kBaseline;
  if (p_.gitleaks_ignore && (p_.gitleaks_ignore->Matches(path, f.line, f.commit) ||
                             p_.gitleaks_ignore->Matches(f.path, f.line, f.commit))) {
    return Reason::kGitleaksIgnore;
  }
  return Reason::kKept;
}

}  // namespace ks::baseline
