// AWS Signature Version 4 (AWS4-HMAC-SHA256) header signing, for the opt-in STS live check
// (docs/aws-reference.md §4). Checked against AWS's own SigV4 test suite
// (tests/data/aws4_testsuite).
//
// Everything here is a pure function of its arguments: no clock, no network, no logging, no global
// state, so every function is thread-safe. The caller supplies the timestamp (SigningScope), which
// keeps signing reproducible and leaves clock-skew handling to the caller.
//
// Secrets: the secret access key is only ever fed to HMAC. It never appears in a return value, in
// an Error message or in any log, and the derived signing keys are wiped from memory after use
// (best effort: OpenSSL's own stack buffers are outside our control).
//
// Scope: the canonical URI rules are those of every service except S3 (S3 wants neither path
// normalisation nor double encoding), which is all the STS check needs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace ks::verify {

// One header as sent: name in any case, value as it goes on the wire.
using HeaderField = std::pair<std::string, std::string>;

struct HttpRequestToSign {
  std::string method;  // "GET", "POST", ... exactly as on the request line
  // The path as on the request line, without the query: "" and "/" are both the root. It is
  // normalised ('.', '..' and empty segments removed) and every byte except unreserved characters
  // and '/' is percent-encoded, so a path that is already percent-encoded on the wire is encoded
  // a second time, as SigV4 requires outside S3.
  std::string path;
  // The query as on the request line, without the '?'. Each name and value is percent-decoded
  // and re-encoded, so raw UTF-8 and already-encoded input give the same result. '+' is a literal
  // plus (RFC 3986), not a space: send spaces as %20.
  std::string query;
  // In sending order. Every header listed is signed; duplicates are allowed and signed in order.
  std::vector<HeaderField> headers;
  std::string body;  // hashed into the signature as is
};

// Views: the caller owns the strings and keeps them alive for the call.
struct SigningKey {
  std::string_view access_key_id;
  std::string_view secret_access_key;  // never logged, never copied into a result or an Error
  std::string_view session_token;      // empty unless temporary (ASIA...) credentials
};

struct SigningScope {
  std::string amz_date;  // UTC, YYYYMMDDTHHMMSSZ; its first 8 characters are the scope date
  std::string region;    // "us-east-1"
  std::string service;   // "sts"
};

// --- The steps of the algorithm, exposed so that each can be tested against the AWS suite ------
// These trust their input (Sign() validates it); they never fail.

// Normalised, percent-encoded path (see HttpRequestToSign::path).
std::string CanonicalUri(std::string_view path);

// Parameters percent-encoded, sorted by name then value (bytewise, on the encoded form).
std::string CanonicalQuery(std::string_view query);

// "a;b;c": the lowercase header names, sorted and deduplicated.
std::string SignedHeaderNames(const std::vector<HeaderField>& headers);

// method \n uri \n query \n "name:value\n" per header \n signed names \n hex SHA-256 of the body.
// Header values are trimmed and each run of whitespace (including folded line breaks) becomes one
// space; values of repeated names are joined with ',' in request order.
std::string CanonicalRequest(const HttpRequestToSign& request);

// "20150830/us-east-1/sts/aws4_request".
std::string CredentialScope(const SigningScope& scope);

// "AWS4-HMAC-SHA256" \n amz_date \n credential scope \n hex SHA-256 of the canonical request.
std::string StringToSign(std::string_view canonical_request, const SigningScope& scope);

// Lowercase hex HMAC of `string_to_sign` under the key derived from the secret and the scope.
std::string Signature(std::string_view secret_access_key, const SigningScope& scope,
                      std::string_view string_to_sign);

// The Authorization header's value: "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
// Signature=...".
std::string AuthorizationHeader(std::string_view access_key_id, const SigningScope& scope,
                                std::string_view signed_header_names, std::string_view signature);

// --- The whole thing ----------------------------------------------------------------------------

// Signs `request` and returns the headers to add to it, in this order: X-Amz-Date,
// X-Amz-Security-Token (only with a session token; it is signed, which STS accepts and some
// services require), Authorization.
//
// Fails (ErrorKind::kInternal: the caller built a bad request) when: the request has no Host
// header, or already has X-Amz-Date, X-Amz-Security-Token or Authorization; a header name is not
// an HTTP token, or a header value or the session token contains CR, LF or NUL (they could not be
// sent as signed, and would allow header injection); the method is not a token; the key ID is not
// alphanumeric or the secret is empty; amz_date is not YYYYMMDDTHHMMSSZ; region or service is
// empty or not [A-Za-z0-9._-]. Error messages name the offending field, never a secret or a value.
Result<std::vector<HeaderField>> Sign(const HttpRequestToSign& request, const SigningKey& key,
                                      const SigningScope& scope);

}  // namespace ks::verify
