// StsVerifier: the opt-in live check. Signs STS GetCallerIdentity with SigV4 for each credential
// and turns STS's answer into a Verdict (docs/aws-reference.md §4).
//
// What leaves the machine: one POST per distinct credential (plus retries), to `endpoint` only,
// carrying the key ID, the session token when there is one, and a SigV4 signature. The secret
// itself is never sent, logged or put in a Verdict. Callers decide what must not be sent at all
// (canaries, documentation examples, unsupported key types) and never hand those in.
//
// Retries: throttling, 5xx and connection failures are retried with jittered exponential backoff;
// a SignatureDoesNotMatch is re-sent once after a pause, because STS has been seen to reject a
// valid pair when the same key ID was just used with other secrets. Every request's timeout is
// cut to what is left of the overall deadline, so VerifyAll() returns within about `deadline`.
//
// Thread safety: VerifyAll() may be called from one thread at a time; it runs up to
// `concurrency` requests in parallel, on the calling thread and threads of its own
// (util/parallel_for.h).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"
#include "verify/verdict.h"

namespace ks::verify {

struct Credential {
  std::string key_id;
  std::string secret;         // never printed; only used to derive the signing key
  std::string session_token;  // empty for long-term (AKIA) keys

  friend bool operator==(const Credential&, const Credential&) = default;
  friend auto operator<=>(const Credential&, const Credential&) = default;
};

struct StsOptions {
  std::string endpoint = "https://sts.amazonaws.com/";
  std::string region = "us-east-1";
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds deadline{60000};  // for the whole VerifyAll() call
  int concurrency = 4;
  int max_attempts = 4;  // per credential, for retryable failures
  std::string user_agent = "keysweep";
  std::optional<std::string> ca_file;
  // Base of the retry backoff; tests shorten it.
  std::chrono::milliseconds backoff{250};
  // The pause before re-sending a SignatureDoesNotMatch.
  std::chrono::milliseconds resend_pause{1000};
  // Request time source (SigV4 X-Amz-Date); tests pin it.
  std::function<std::chrono::system_clock::time_point()> clock;
};

// The parts of an endpoint URL that signing needs.
struct Endpoint {
  std::string url;
  std::string host;  // as sent in the Host header: "sts.amazonaws.com" or "127.0.0.1:5000"
  std::string path;  // "/" when the URL has none
};

// Accepts http(s)://host[:port][/path] with no query, user info or fragment.
Result<Endpoint> ParseEndpoint(const std::string& url);

// "20150830T123600Z".
std::string AmzDate(std::chrono::system_clock::time_point t);

class StsVerifier {
 public:
  // Fails on an endpoint ParseEndpoint rejects, or a region SigV4 cannot carry.
  static Result<StsVerifier> Create(StsOptions options);

  // One verdict per credential, in order; duplicates are checked once and share the verdict.
  std::vector<Verdict> VerifyAll(const std::vector<Credential>& credentials) const;

 private:
  StsVerifier(StsOptions options, Endpoint endpoint);
  Verdict CheckOne(const Credential& c, std::chrono::steady_clock::time_point deadline) const;

  StsOptions options_;
  Endpoint endpoint_;
};

}  // namespace ks::verify
