// The Finding model: one reported secret at one place, with everything the reporters print.
// Plain data; optional fields are std::nullopt when they do not apply (JSON null).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "findings/secret.h"
#include "rules/rule.h"
#include "source/blob.h"
#include "verify/verdict.h"

namespace ks {

// The finding of a range scan whose commits change one of the repository's own settings
// (`.keysweep.yaml`, `.gitleaksignore`, the baseline or rule files it names), which the scan
// read as committed at the range's base instead (pipeline/config_changes.h). It holds no secret
// (an empty Secret, shown as ""), names the file and the commit that changed it, and is never
// suppressed: it is for the reviewer of the range.
inline constexpr std::string_view kConfigChangedRule = "config-changed";

struct Finding {
  std::string rule;  // rule id
  Severity severity = Severity::kMedium;
  std::string playbook;
  std::string fingerprint;  // from rule and secret only: stable across paths, lines and runs
  Secret secret;
  std::optional<std::string> key_id;      // the access key ID this finding belongs to
  std::optional<std::string> account_id;  // decoded offline from key_id
  std::string confidence = "high";        // "low" for shapes AWS does not document (A3T…)
  bool example = false;  // an AWS documentation example or a placeholder, not a credential
  bool canary = false;   // key_id belongs to a canary-token account: never send it anywhere
  std::optional<std::string> region;               // SES region, from linkage or a nearby host
  std::optional<std::string> derived_from_key_id;  // SMTP password derived from this key's secret
  SourceKind source = SourceKind::kFile;
  std::string path;
  uint64_t line = 0;    // 1-based, in the file as committed
  uint64_t column = 0;  // 1-based byte column
  std::optional<std::string> commit, author, email, date, blob;
  // The repository a git source read: its path, or the URL it was mirrored from; null for files.
  std::optional<std::string> repository;
  verify::Verdict verification;  // not_checked unless the run verifies
};

// 64 lowercase hex digits from the rule id and the secret only, the same on every run and
// machine. For a secret of Secret::kLongSecret bytes or more: SHA-256 over "keysweep-fp-v1", the
// rule id and the secret, each prefixed with its length (8 bytes, little-endian). For a shorter
// one, which a plain hash would not hide (every 8-character token can be tried in hours):
// scrypt (N = 2^15, r = 8, p = 1, 32 bytes) of the secret with the salt "keysweep-fp-v2:<rule
// id>", about 32 MiB and tens of milliseconds per call, worked out once per distinct secret in a
// process (memoised) and at most two at a time. Thread-safe.
std::string Fingerprint(std::string_view rule_id, const Secret& secret);

}  // namespace ks
