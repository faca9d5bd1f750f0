// Which findings of a run can be checked live, with which credential, and what each finding's
// verdict is once the credentials have been checked.
//
// A credential is a paired (key ID, secret[, session token]). Nothing is built for canaries,
// documentation examples, key types STS cannot check (ABIA, ACCA) or ASIA keys without their
// token: those findings are `skipped` and never leave the machine. Afterwards a secret or token
// takes its own credential's verdict; a key ID, an SMTP password derived from one of its secrets
// and its other findings take the most informative verdict among the key's credentials.
#pragma once

#include <functional>
#include <vector>

#include "findings/finding.h"
#include "verify/sts_verifier.h"
#include "verify/verdict.h"

namespace ks {

// Checks credentials, one verdict each, in order (verify::StsVerifier::VerifyAll in a run).
using CredentialChecker =
    std::function<std::vector<verify::Verdict>(const std::vector<verify::Credential>&)>;

// Sets every finding's `verification`. Calls `check` once, with no duplicates.
void VerifyFindings(std::vector<Finding>& findings, const CredentialChecker& check);

}  // namespace ks
