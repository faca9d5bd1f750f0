// Facts about AWS access key IDs that need no network: the kind of credential a prefix denotes
// and the account ID that newer key IDs carry (see README "Account IDs").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ks::aws {

enum class KeyIdKind {
  kLongTerm,         // AKIA: IAM user or root
  kTemporary,        // ASIA: STS session, needs a session token
  kBearer,           // ABIA: STS bearer token; STS cannot check it
  kContextSpecific,  // ACCA: context-specific; STS cannot check it
  kUndocumented,     // A3T + 1: matched by older scanners, absent from AWS docs: low confidence
  kNotAKey,          // anything else
};

KeyIdKind ClassifyKeyId(std::string_view key_id);

// The 12-digit account for a key ID of the current generation (5th character Q-Z or 2-7);
// nullopt for older IDs, whose bits carry no account, and for malformed input.
std::optional<std::string> DecodeAccountId(std::string_view key_id);

}  // namespace ks::aws
