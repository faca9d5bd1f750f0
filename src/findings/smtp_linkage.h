// Links SES SMTP password findings to the secret keys they were derived from, across a whole
// run: the password and the secret may sit in different files or commits. A match sets the SMTP
// finding's derived_from_key_id (the secret's key ID, when known) and region (for version 4).
#pragma once

#include <string>
#include <vector>

#include "findings/finding.h"

namespace ks {

// `smtp_rule` and `secret_rule` are rule ids; `regions` the SES regions to derive for.
void LinkSmtpPasswords(const std::string& smtp_rule, const std::string& secret_rule,
                       const std::vector<std::string>& regions, std::vector<Finding>* findings);

}  // namespace ks
