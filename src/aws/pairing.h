// Pairs AWS credentials found in one buffer: each secret key (and session token) gets the access
// key ID nearest to it, and a 40-character secret with no keyword at all is found when it sits
// within a few lines of a key ID (a Terraform provider block, NewStaticCredentials("AKIA…",
// "…"), a JS object, the IAM console CSV).
//
// Hyperscan never sees a context-free 40-character pattern (on git/git that cut throughput 15x);
// this stage only runs on buffers where a key ID was already confirmed, and only looks in its
// neighbourhood. Stateless; safe to call from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "rules/rule_set.h"
#include "scan/match.h"

namespace ks::aws {

// The ids of the AWS rules (a public contract: reports and baselines name them).
inline constexpr std::string_view kAccessKeyIdRule = "aws-access-key-id";
inline constexpr std::string_view kSecretKeyRule = "aws-secret-access-key";
inline constexpr std::string_view kSessionTokenRule = "aws-session-token";
inline constexpr std::string_view kSmtpPasswordRule = "aws-ses-smtp-password";

// Rule indices the pairing stage needs, resolved once per RuleSet (-1 when a rule is absent).
struct AwsRules {
  int key_id = -1;
  int secret = -1;
  int session_token = -1;
  int smtp_password = -1;
  static AwsRules Resolve(const RuleSet& rules);
};

// How far from a key ID a keyword-less secret may be.
// Five lines covers pretty-printed JSON (ECS task definitions, tfstate), where a secret sits
// four lines below its key ID.
inline constexpr int kNeighbourLines = 5;
inline constexpr size_t kNeighbourBytes = 1024;

// Adds keyword-less secrets (40 characters) and SES SMTP passwords (44, with the SMTP shape)
// near key IDs, sets key_begin/key_end on secrets, tokens and SMTP passwords, and drops SMTP
// passwords that have no SMTP context: no key ID nearby, no email-smtp host, and no smtp/mail
// keyword on their line. Leaves `matches` sorted by secret offset.
void PairCredentials(std::string_view bytes, const AwsRules& rules, std::vector<Match>* matches);

// The text `lines` lines either side of [begin, end), capped at `max_bytes` each way.
std::string_view NeighbourhoodText(std::string_view bytes, size_t begin, size_t end,
                                   int lines = kNeighbourLines, size_t max_bytes = kNeighbourBytes);

// An SES endpoint names the region of a password further away than a key ID pairs: settings
// files put EMAIL_HOST several lines above EMAIL_HOST_PASSWORD.
inline constexpr int kRegionSearchLines = 20;
inline constexpr size_t kRegionSearchBytes = 4096;

// True for a 40-character token that looks like a secret key without any keyword to vouch for
// it: three character classes, high entropy, not hex, not a placeholder.
bool LooksLikeBareSecret(std::string_view decoded);

}  // namespace ks::aws
