// Reads a report written by JsonReporter or JsonlReporter (several JSONL runs may be
// concatenated) back into findings, for `keysweep verify` and `keysweep playbook --from`.
//
// A report made without --show-secrets holds redacted secrets; each finding read back says
// whether its secret is the real one (it must reproduce the finding's fingerprint), so a caller
// never sends a redacted or tampered value anywhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.h"
#include "util/result.h"

namespace ks {

struct ReportedFinding {
  Finding finding;
  bool secret_known = false;  // finding.secret reproduces finding.fingerprint
  // The "verification" object as the report has it. finding.verification stays not_checked:
  // `keysweep verify` makes its own verdicts, `keysweep playbook` uses these.
  verify::Verdict reported_verification;
};

// Errors (ErrorKind::kInput) name what is wrong: not JSON, not a keysweep report, or a finding
// without the fields verification needs (rule, fingerprint, path).
Result<std::vector<ReportedFinding>> ReadJsonReport(std::string_view text);

// ReadJsonReport() of the file at `path`; errors name the file.
Result<std::vector<ReportedFinding>> ReadJsonReportFile(const std::string& path);

}  // namespace ks
