// The fields of an AWS STS response body that the live check needs (docs/aws-reference.md §4).
//
// STS answers GetCallerIdentity in XML (the Query protocol): a GetCallerIdentityResponse with
// Account, Arn and UserId on success, an ErrorResponse with Code and Message on failure. Emulators
// differ in the wrapping (moto adds an <Errors> element) and documents may carry namespace
// prefixes, so elements are found by local name anywhere in the document, whatever their nesting
// or order. The verdict is the caller's: this only extracts.
//
// Thread-safe (no shared state). Never throws: a body that is not XML, or that has none of the
// fields, is an Error, whatever the bytes (the body comes from the network and is untrusted).
// pugixml expands no DTD or custom entities, so a hostile body cannot fetch or blow up anything.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ks::verify {

// Real STS bodies are well under 2 KiB; anything far larger is not an STS response and is refused
// before parsing.
inline constexpr size_t kMaxStsResponseBytes = 64 * 1024;

struct StsResponseFields {
  // Each the trimmed text of the first element of that local name in document order; empty when
  // absent.
  std::string code;     // <Code>: "InvalidClientTokenId", "SignatureDoesNotMatch", ...
  std::string account;  // <Account>: the 12-digit account ID
  std::string arn;      // <Arn>
  std::string user_id;  // <UserId>
  // The first <Message> contains "Signature expired" (ASCII case-insensitive): STS's way of
  // reporting our clock skew under Code SignatureDoesNotMatch. The one message that is read,
  // because the code alone cannot tell skew from a wrong secret.
  bool signature_expired = false;
};

// Fails (ErrorKind::kInput) when the body is empty, larger than kMaxStsResponseBytes, not
// well-formed XML, or has none of Code, Account, Arn, UserId. The message never quotes the body.
Result<StsResponseFields> ParseStsResponse(std::string_view body);

}  // namespace ks::verify
