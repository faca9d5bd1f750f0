// Fuzz target: SigV4 canonicalisation and signing (verify/sigv4.h) on fuzzer-chosen method, path,
// query, headers, body, key and scope. Checks: canonical forms have the shape SigV4 defines (and
// the canonical query is a fixed point), Sign() either fails with a message that never contains
// the secret or returns the headers it documents, the date and Authorization never containing it.
#include "verify/sigv4.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"

namespace {

using ks::verify::HeaderField;

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

bool IsUpperHex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Only unreserved characters, `extra`, and %XX with uppercase hex digits.
bool IsEncoded(std::string_view s, std::string_view extra) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsUnreserved(s[i]) || extra.find(s[i]) != std::string_view::npos) continue;
    if (s[i] != '%' || i + 2 >= s.size() || !IsUpperHex(s[i + 1]) || !IsUpperHex(s[i + 2])) {
      return false;
    }
    i += 2;
  }
  return true;
}

void CheckCanonicalUri(std::string_view path) {
  const std::string uri = ks::verify::CanonicalUri(path);
  FUZZ_CHECK(!uri.empty() && uri.front() == '/');
  FUZZ_CHECK(IsEncoded(uri, "/"));
  // Normalised: no empty, "." or ".." segment (a single trailing '/' is allowed).
  FUZZ_CHECK(uri.find("//") == std::string::npos);
  for (std::string_view seg : {"/./", "/../"}) {
    FUZZ_CHECK((uri + "/").find(seg) == std::string::npos);
  }
}

void CheckCanonicalQuery(std::string_view query) {
  const std::string q = ks::verify::CanonicalQuery(query);
  FUZZ_CHECK(IsEncoded(q, "=&"));
  FUZZ_CHECK(ks::verify::CanonicalQuery(q) == q);  // decoding and re-encoding is idempotent
}

std::string Header(FuzzedDataProvider& fdp, size_t max) {
  // Mostly plausible names so that Sign() gets past validation often.
  static constexpr const char* kNames[] = {
      "Host", "Content-Type", "X-Amz-Date", "x-amz-security-token", "Authorization", "My-Header"};
  if (fdp.ConsumeBool())
    return kNames[fdp.ConsumeIntegralInRange<size_t>(0, std::size(kNames) - 1)];
  return fdp.ConsumeRandomLengthString(max);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  ks::verify::HttpRequestToSign request;
  request.method = fdp.ConsumeBool() ? std::string("POST") : fdp.ConsumeRandomLengthString(16);
  request.path = fdp.ConsumeRandomLengthString(256);
  request.query = fdp.ConsumeRandomLengthString(256);
  const size_t n_headers = fdp.ConsumeIntegralInRange<size_t>(0, 8);
  for (size_t i = 0; i < n_headers; ++i) {
    std::string name = Header(fdp, 32);
    request.headers.emplace_back(std::move(name), fdp.ConsumeRandomLengthString(128));
  }
  const std::string key_id =
      fdp.ConsumeBool() ? std::string("AKIAIOSFODNN7EXAMPLE") : fdp.ConsumeRandomLengthString(32);
  // A marker no output may contain: DEL is neither in a token, a key ID, a scope nor hex.
  const std::string secret =
      "\x7f"
      "fuzz-secret/" +
      fdp.ConsumeRandomLengthString(48);
  const std::string token = fdp.ConsumeBool() ? std::string() : fdp.ConsumeRandomLengthString(256);
  ks::verify::SigningScope scope;
  scope.amz_date =
      fdp.ConsumeBool() ? std::string("20150830T123600Z") : fdp.ConsumeRandomLengthString(20);
  scope.region = fdp.ConsumeBool() ? std::string("us-east-1") : fdp.ConsumeRandomLengthString(16);
  scope.service = fdp.ConsumeBool() ? std::string("sts") : fdp.ConsumeRandomLengthString(16);
  request.body = fdp.ConsumeRemainingBytesAsString();

  CheckCanonicalUri(request.path);
  CheckCanonicalQuery(request.query);
  const std::string canonical = ks::verify::CanonicalRequest(request);
  FUZZ_CHECK(canonical.starts_with(request.method + "\n"));
  FUZZ_CHECK(canonical.size() >= 65 && canonical[canonical.size() - 65] == '\n' &&
             IsLowerHex(std::string_view(canonical).substr(canonical.size() - 64)));

  const ks::verify::SigningKey key{key_id, secret, token};
  auto headers = ks::verify::Sign(request, key, scope);
  if (!headers.ok()) {
    FUZZ_CHECK(headers.error().kind == ks::ErrorKind::kInternal);
    FUZZ_CHECK(headers.error().message.find(secret) == std::string::npos);
    return 0;
  }
  const std::vector<HeaderField>& added = headers.value();
  FUZZ_CHECK(added.size() == (token.empty() ? 2u : 3u));
  FUZZ_CHECK(added.front().first == "X-Amz-Date" && added.front().second == scope.amz_date);
  if (!token.empty())
    FUZZ_CHECK(added[1].first == "X-Amz-Security-Token" && added[1].second == token);
  const auto& [auth_name, auth] = added.back();
  FUZZ_CHECK(auth_name == "Authorization");
  FUZZ_CHECK(auth.starts_with("AWS4-HMAC-SHA256 Credential=" + key_id + "/"));
  const size_t sig = auth.rfind(", Signature=");
  FUZZ_CHECK(sig != std::string::npos && auth.size() - sig == 12 + 64);
  FUZZ_CHECK(IsLowerHex(std::string_view(auth).substr(sig + 12)));
  // The token header carries exactly the token (checked above), which the fuzzer may have made
  // contain the secret; the other two must never contain it.
  FUZZ_CHECK(added.front().second.find(secret) == std::string::npos);
  FUZZ_CHECK(auth.find(secret) == std::string::npos);
  return 0;
}
