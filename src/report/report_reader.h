// Reads a JSON report written by JsonReporter back into findings, for `keysweep verify`.
//
// A report made without --show-secrets holds redacted secrets; each finding read back says
// whether its secret is the real one (it must reproduce the finding's fingerprint), so a caller
// never sends a redacted or tampered value anywhere.
#pragma once

#include <string_view>
#include <vector>

#include "findings/finding.h"
#include "util/result.h"

namespace ks {

struct ReportedFinding {
  Finding finding;
  bool secret_known = false;  // finding.secret reproduces finding.fingerprint
};

// Errors (ErrorKind::kInput) name what is wrong: not JSON, not a keysweep report, or a finding
// without the fields verification needs (rule, fingerprint, path).
Result<std::vector<ReportedFinding>> ReadJsonReport(std::string_view text);

}  // namespace ks
