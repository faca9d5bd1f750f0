#include "verify/sts_verifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <random>
#include <thread>

#include "util/parallel_for.h"
#include "verify/http_client.h"
#include "verify/sigv4.h"
#include "verify/sts_response.h"

namespace ks::verify {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kBody = "Action=GetCallerIdentity&Version=2011-06-15";
constexpr std::string_view kContentType = "application/x-www-form-urlencoded; charset=utf-8";

Verdict Unknown(std::string reason) {
  return Verdict{Status::kUnknown, std::move(reason), {}, {}, {}};
}

Verdict Invalid(std::string reason) {
  return Verdict{Status::kInvalid, std::move(reason), {}, {}, {}};
}

bool ValidRegion(std::string_view r) {
  return !r.empty() && std::all_of(r.begin(), r.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// "[::1]:80" -> "[::1]", "127.0.0.1:5000" -> "127.0.0.1", "example.com" -> "example.com".
std::string_view HostWithoutPort(std::string_view host) {
  const size_t colon = host.rfind(':');
  if (colon == std::string_view::npos || host.back() == ']') return host;
  return host.substr(0, colon);
}

bool IsLoopback(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

// One attempt's outcome: a final verdict, or a verdict to return only if retries run out.
struct Attempt {
  Verdict verdict;
  bool retry = false;   // throttling, 5xx, connection trouble
  bool resend = false;  // SignatureDoesNotMatch: the documented same-key-ID quirk
};

Attempt FromError(const HttpError& e) {
  switch (e.kind) {
    case HttpFailure::kRefused:
      return {Unknown("bad_endpoint"), false, false};
    case HttpFailure::kTimeout:
      return {Unknown("timeout"), false, false};  // a silent server would eat the deadline
    case HttpFailure::kTls:
      return {Unknown("tls"), false, false};
    case HttpFailure::kUnavailable:
      return {Unknown("verifier_unavailable"), false, false};  // no libcurl: retrying cannot help
    case HttpFailure::kResolve:
    case HttpFailure::kConnect:
    case HttpFailure::kOther:
      break;
  }
  return {Unknown("network"), true, false};
}

Attempt FromCode(const StsResponseFields& f) {
  if (f.code == "InvalidClientTokenId") return {Invalid("unknown_key"), false, false};
  if (f.code == "ExpiredToken") return {Verdict{Status::kExpired, "", {}, {}, {}}, false, false};
  if (f.code == "SignatureDoesNotMatch") {
    if (f.signature_expired) return {Unknown("clock_skew"), false, false};
    return {Invalid("wrong_secret"), false, true};
  }
  if (f.code == "Throttling" || f.code == "ThrottlingException" ||
      f.code == "RequestLimitExceeded") {
    return {Unknown("throttled"), true, false};
  }
  return {Unknown("unexpected_response"), false, false};
}

Attempt FromResponse(const HttpResponse& r) {
  auto fields = ParseStsResponse(r.body);
  if (r.status == 200 && fields.ok() && !fields->arn.empty()) {
    return {Verdict{Status::kValid, "", fields->account, fields->arn, fields->user_id}, false,
            false};
  }
  if (fields.ok() && !fields->code.empty()) {
    Attempt a = FromCode(fields.value());
    // STS's own 5xx bodies (ServiceUnavailable, InternalFailure) are server errors, not surprises.
    if (r.status >= 500 && a.verdict.reason == "unexpected_response") {
      a = {Unknown("server_error"), true, false};
    }
    return a;
  }
  if (r.status == 429) return {Unknown("throttled"), true, false};
  if (r.status >= 500) return {Unknown("server_error"), true, false};
  return {Unknown("unexpected_response"), false, false};
}

// Full jitter: a random wait in [0, base * 2^attempt], so parallel retries do not synchronise.
milliseconds Backoff(milliseconds base, int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const auto cap = base.count() << std::min(attempt, 6);
  return milliseconds(std::uniform_int_distribution<int64_t>(0, cap)(rng));
}

// Sleeps unless that would pass the deadline; false when it would.
bool PauseBefore(Clock::time_point deadline, milliseconds pause) {
  if (Clock::now() + pause >= deadline) return false;
  std::this_thread::sleep_for(pause);
  return true;
}

}  // namespace

Result<Endpoint> ParseEndpoint(const std::string& url) {
  const size_t scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") {
    return MakeError(ErrorKind::kUsage, "STS endpoint must be an http(s):// URL: " + url);
  }
  const std::string rest = url.substr(scheme_end + 3);
  const size_t slash = rest.find('/');
  Endpoint e{url, rest.substr(0, slash), slash == std::string::npos ? "/" : rest.substr(slash)};
  if (e.host.empty() || e.host.find_first_of("@?# ") != std::string::npos ||
      e.path.find_first_of("?# ") != std::string::npos) {
    return MakeError(ErrorKind::kUsage,
                     "STS endpoint must be http(s)://host[:port][/path] without user, query or "
                     "fragment: " +
                         url);
  }
  // A signed request in clear text is acceptable only to a local test server.
  if (scheme == "http" && !IsLoopback(HostWithoutPort(e.host))) {
    return MakeError(
        ErrorKind::kUsage,
        "plain http:// STS endpoints are accepted for loopback test servers only: " + url);
  }
  // The Host header omits a default port, and the signature covers the Host header.
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (e.host.ends_with(default_port)) e.host.resize(e.host.size() - default_port.size());
  return e;
}

std::string AmzDate(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

Result<StsVerifier> StsVerifier::Create(StsOptions options) {
  auto endpoint = ParseEndpoint(options.endpoint);
  if (!endpoint.ok()) return endpoint.error();
  if (!ValidRegion(options.region)) {
    return MakeError(ErrorKind::kUsage, "not a region name: " + options.region);
  }
  if (!options.clock) options.clock = [] { return std::chrono::system_clock::now(); };
  options.concurrency = std::max(1, options.concurrency);
  options.max_attempts = std::max(1, options.max_attempts);
  return StsVerifier(std::move(options), std::move(endpoint).value());
}

StsVerifier::StsVerifier(StsOptions options, Endpoint endpoint)
    : options_(std::move(options)), endpoint_(std::move(endpoint)) {}

std::vector<Verdict> StsVerifier::VerifyAll(const std::vector<Credential>& credentials) const {
  std::vector<const Credential*> distinct;
  std::map<Credential, size_t> slot;
  for (const Credential& c : credentials) {
    if (slot.emplace(c, distinct.size()).second) distinct.push_back(&c);
  }
  const auto deadline = Clock::now() + options_.deadline;
  std::vector<Verdict> verdicts(distinct.size());
  // One credential a claim: each is a network round trip, so spreading them evenly matters more
  // than the claims' cost. Each worker writes only the verdicts it claimed.
  auto check = [&](size_t /*worker*/, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) verdicts[i] = CheckOne(*distinct[i], deadline);
  };
  ParallelFor(static_cast<size_t>(options_.concurrency), distinct.size(), 1, check);
  std::vector<Verdict> out;
  for (const Credential& c : credentials) out.push_back(verdicts[slot[c]]);
  return out;
}

Verdict StsVerifier::CheckOne(const Credential& c, Clock::time_point deadline) const {
  Verdict last = Unknown("deadline");
  bool resent = false;
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left <= milliseconds(0)) return last;
    HttpRequestToSign req{"POST", endpoint_.path, "", {}, std::string(kBody)};
    req.headers = {{"Content-Type", std::string(kContentType)}, {"Host", endpoint_.host}};
    SigningScope scope{AmzDate(options_.clock()), options_.region, "sts"};
    auto signed_headers = Sign(req, SigningKey{c.key_id, c.secret, c.session_token}, scope);
    if (!signed_headers.ok()) return Unknown("unsignable");
    HttpPostRequest post;
    post.url = endpoint_.url;
    post.body = req.body;
    post.user_agent = options_.user_agent;
    post.ca_file = options_.ca_file;
    post.total_timeout = std::min(options_.request_timeout, left);
    post.connect_timeout = std::min(post.total_timeout, milliseconds(5000));
    post.headers.push_back({"Content-Type", std::string(kContentType)});
    for (auto& [name, value] : signed_headers.value()) post.headers.push_back({name, value});
    const Result<HttpResponse, HttpError> outcome = Post(post);
    const Attempt a = outcome.ok() ? FromResponse(outcome.value()) : FromError(outcome.error());
    last = a.verdict;
    if (a.resend && !resent) {
      resent = true;
      if (!PauseBefore(deadline, options_.resend_pause)) return last;
      continue;
    }
    if (!a.retry || !PauseBefore(deadline, Backoff(options_.backoff, attempt))) return last;
  }
  return last;
}

}  // namespace ks::verify
