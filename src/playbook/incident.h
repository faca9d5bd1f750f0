// Incidents: a report's findings grouped by the credential a responder has to act on.
//
// One incident per distinct key: the key ID and its secret, a session token, and an SES SMTP
// password derived from that key's secret (derived_from_key_id) are one credential, so one
// response. Findings that belong to no key ID (a private key, a secret whose key ID was not
// found) are one incident per fingerprint. Each incident gets the playbook that fits it best.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.h"
#include "playbook/values.h"
#include "util/result.h"

namespace ks::playbook {

struct Incident {
  std::string playbook;           // the chosen playbook's id
  verify::Verdict verdict;        // the most informative verdict among the findings
  Values values;                  // what the playbook's templates are filled with
  std::vector<Finding> findings;  // in report order
};

struct IncidentList {
  std::vector<Incident> incidents;  // live keys first, then unknown, then dead; else report order
  size_t examples = 0;  // findings left out: AWS documentation examples and placeholders
  size_t canaries = 0;  // findings left out: canary-token keys (not the finder's to rotate)
};

IncidentList GroupIncidents(const std::vector<Finding>& findings);

// The playbook for one incident: aws-root-key when STS says the key is the root user's,
// ses-smtp-credentials for an SMTP password or an SES SMTP user (ses-smtp-user.*),
// aws-temporary-credentials for ASIA keys and role sessions, otherwise the findings' own
// `playbook` field (aws-access-key when none says anything).
std::string ChoosePlaybook(const std::vector<Finding>& findings, const Values& values);

// A keysweep JSON report's findings, including their verification verdicts. Errors as
// ReadJsonReport's.
Result<std::vector<Finding>> ReadReport(std::string_view json_text);

}  // namespace ks::playbook
