#include "playbook/incident.h"

#include <algorithm>
#include <map>

#include "aws/pairing.h"
#include "report/report_reader.h"

namespace ks::playbook {
namespace {

// Findings of one credential share this.
std::string GroupKey(const Finding& f) {
  if (f.derived_from_key_id) return "key:" + *f.derived_from_key_id;
  if (f.key_id) return "key:" + *f.key_id;
  return "fingerprint:" + f.fingerprint;
}

// 0 for live keys, 2 for keys STS says are gone, 1 for everything in between (not verified,
// no verdict, a wrong secret for a key ID that exists): until shown dead, a key is treated as live.
int Urgency(const verify::Verdict& v) {
  if (v.status == verify::Status::kValid) return 0;
  const bool dead = v.status == verify::Status::kExpired ||
                    (v.status == verify::Status::kInvalid && v.reason == "unknown_key");
  return dead ? 2 : 1;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string ChoosePlaybook(const std::vector<Finding>& findings, const Values& values) {
  if (values.identity == Identity::kRoot) return std::string(kRootKey);
  const bool smtp = std::any_of(findings.begin(), findings.end(),
                                [](const Finding& f) { return f.rule == aws::kSmtpPasswordRule; });
  if (smtp || StartsWith(values.user_name.value_or(""), "ses-smtp-user.")) {
    return std::string(kSesSmtp);
  }
  if (StartsWith(values.key_id.value_or(""), "ASIA") || values.identity == Identity::kRole) {
    return std::string(kTemporaryCredentials);
  }
  for (const Finding& f : findings) {
    if (!f.playbook.empty()) return f.playbook;
  }
  return std::string(kAccessKey);
}

IncidentList GroupIncidents(const std::vector<Finding>& findings) {
  IncidentList out;
  std::map<std::string, size_t> index;  // group key → position in out.incidents
  for (const Finding& f : findings) {
    if (f.rule == kConfigChangedRule) continue;  // a change to review, no credential to respond to
    if (f.example || f.canary) {
      ++(f.example ? out.examples : out.canaries);
      continue;
    }
    const auto [it, fresh] = index.try_emplace(GroupKey(f), out.incidents.size());
    if (fresh) out.incidents.emplace_back();
    Incident& incident = out.incidents[it->second];
    if (f.verification.Rank() > incident.verdict.Rank()) incident.verdict = f.verification;
    incident.findings.push_back(f);
  }
  for (Incident& incident : out.incidents) {
    incident.values = ValuesFor(incident.findings, incident.verdict);
    incident.playbook = ChoosePlaybook(incident.findings, incident.values);
  }
  std::stable_sort(
      out.incidents.begin(), out.incidents.end(),
      [](const Incident& a, const Incident& b) { return Urgency(a.verdict) < Urgency(b.verdict); });
  return out;
}

Result<std::vector<Finding>> ReadReport(std::string_view json_text) {
  auto reported = ReadJsonReport(json_text);
  if (!reported.ok()) return reported.error();
  // The verdicts the report carries decide which keys are live here.
  std::vector<Finding> out;
  out.reserve(reported->size());
  for (ReportedFinding& r : *reported) {
    r.finding.verification = r.reported_verification;
    out.push_back(std::move(r.finding));
  }
  return out;
}

}  // namespace ks::playbook
