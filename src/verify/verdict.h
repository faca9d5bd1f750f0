// Verdict: what the live check concluded about one credential (docs/aws-reference.md §4).
//
// Plain data. `reason` is a stable machine-readable word (part of the JSON contract):
//   invalid:  unknown_key (InvalidClientTokenId), wrong_secret (SignatureDoesNotMatch)
//   unknown:  clock_skew, throttled, server_error, timeout, network, tls, deadline,
//             unexpected_response, bad_endpoint, unsignable, verifier_unavailable
//   skipped:  canary, example, unsupported_key_type (ABIA, ACCA), no_secret, not_aws_credential
#pragma once

#include <string>
#include <string_view>

namespace ks::verify {

enum class Status {
  kNotChecked,  // verification was not asked for
  kValid,       // STS accepted the credential: it is live
  kInvalid,     // STS rejected it (see reason)
  kExpired,     // a temporary credential whose session has ended
  kUnknown,     // no verdict (network, throttling, clock skew, deadline)
  kSkipped,     // deliberately not sent (canary, documentation example, unsupported key type)
};

std::string_view StatusName(Status s);

struct Verdict {
  Status status = Status::kNotChecked;
  std::string reason;
  std::string account;  // valid only: from STS, not the offline decode
  std::string arn;
  std::string user_id;

  // valid > expired > invalid(wrong_secret) > unknown > invalid(unknown_key) > skipped > not
  // checked: when one key ID was checked with several candidate secrets, the key's own verdict is
  // the most informative of them.
  int Rank() const;
};

Verdict Skipped(std::string reason);

}  // namespace ks::verify
