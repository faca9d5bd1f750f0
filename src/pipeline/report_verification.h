// The live check of an earlier report's findings (`keysweep verify REPORT`).
//
// Reports are normally redacted, and a redacted secret must never be sent. So a secret is taken
// from the report only when it reproduces the finding's fingerprint (a --show-secrets report);
// otherwise SecretRecovery gets it back by scanning again the place the report names (the blob
// in the repository for git findings, the file for file findings) and matching fingerprints. A
// finding whose secret cannot be recovered is reported as unknown/secret_unavailable and nothing
// is sent for it. Whether a key is a canary's or an example is never taken from the report: it
// is worked out again from the key ID and the secret before anything is sent. Single-threaded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "git/repository.h"
#include "pipeline/blob_scanner.h"
#include "pipeline/scan_session.h"

namespace ks {

// A finding of an earlier report, and whether its secret is the real one (it reproduces the
// fingerprint) rather than a redacted prefix.
struct FindingToVerify {
  Finding finding;
  bool secret_known = false;
};

// Re-scans report sources, each once, to get back the secrets of redacted findings.
class SecretRecovery {
 public:
  SecretRecovery(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag,
                 std::string repo_dir);
  std::optional<Secret> Recover(const Finding& f);

 private:
  const std::vector<Finding>& Rescan(const Finding& f);
  bool Read(const Finding& f, std::string* bytes);

  BlobScanner scanner_;
  std::string repo_dir_;
  std::optional<Result<git::Repository>> repo_;
  std::map<std::string, std::vector<Finding>> cache_;
};

// Checks `reported` live through the session (recovering redacted secrets from `repo_dir`) and
// adds every finding, checked or not, to the session's collector.
void VerifyReported(ScanSession& session, std::vector<FindingToVerify> reported,
                    const std::string& repo_dir);

}  // namespace ks
