// A minimal HTTPS POST client (libcurl underneath) for the opt-in STS live check.
//
// The request it sends carries a SigV4 signature, so it is deliberately hard to misuse:
//   - TLS peer and host name verification are always on; there is no switch to turn them off.
//   - Plain http:// is accepted only for loopback hosts (127.0.0.1, [::1], localhost), which is
//     what the tests use; any other http:// URL is refused before a connection is made.
//   - Only the URL's own scheme is allowed (no protocol switching) and redirects are never
//     followed, so a signed request cannot be carried anywhere the caller did not name.
//   - Proxies follow libcurl's defaults (the http_proxy/https_proxy/all_proxy/no_proxy
//     environment variables), except that loopback requests never go through a proxy.
//   - The response body is capped (HttpPostRequest::max_response_bytes).
//   - An HttpError's message names the host and what went wrong; it never contains request
//     headers or body.
//
// Thread safety: Post() is safe to call from any number of threads at once. Each call uses its
// own libcurl handle (no connection reuse between calls) and never raises signals for timeouts.
// With signals off libcurl no longer ignores SIGPIPE for us, and OpenSSL can write to a socket
// the peer has closed: a multi-threaded program that calls Post() should ignore SIGPIPE.
//
// libcurl is not linked: the first call loads and initialises it (once, thread-safely; see
// curl_library.h) and it is never unloaded or cleaned up. Without a usable libcurl.so.4 every
// call fails with kUnavailable.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace ks::verify {

// One request header: name (a token: no ':', spaces or controls) and value (may be empty; no CR,
// LF or NUL). The same type as sigv4.h's HttpHeader (repeating an alias is legal), so signed
// headers go straight into a request.
using HttpHeader = std::pair<std::string, std::string>;

struct HttpPostRequest {
  // Absolute https:// URL, or http:// to a loopback host. The Host header sent is the URL's
  // host (with ":port" when the port is not the scheme's default): sign exactly that.
  std::string url;
  // Sent in this order, between libcurl's own "Host, User-Agent, Accept: */*" and its
  // "Content-Length". libcurl adds Content-Type: application/x-www-form-urlencoded unless it is
  // given here; a header given here replaces libcurl's header of the same name.
  std::vector<HttpHeader> headers;
  std::string body;
  std::string user_agent;
  // Both must be positive: a zero would mean "wait forever" to libcurl.
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{15000};  // the whole exchange, connect included
  // A PEM bundle of trusted CAs instead of the system's; verification stays on either way.
  std::optional<std::string> ca_file;
  // A longer response body fails with kOther, so a hostile endpoint cannot exhaust memory.
  size_t max_response_bytes = size_t{1} << 20;
};

// Any complete HTTP response, whatever its status (3xx and errors included).
struct HttpResponse {
  long status = 0;  // NOLINT(runtime/int): libcurl's type for response codes
  std::string body;
};

enum class HttpFailure {
  kRefused,  // rejected before any connection: bad URL or header, non-loopback http, timeouts
  kResolve,  // the host name (or the proxy's) did not resolve
  kConnect,  // no TCP connection (refused, unreachable)
  kTimeout,  // connect_timeout or total_timeout expired
  kTls,      // handshake failed, or the certificate or host name did not verify
  kOther,    // anything else: connection dropped, malformed response, response too large, ...
  // libcurl.so.4 is missing, too old or failed to initialise: no request can be made in this
  // process, so retrying is pointless. The message says what to install.
  kUnavailable,
};

struct HttpError {
  HttpFailure kind = HttpFailure::kOther;
  std::string message;  // for humans; never contains request headers or body
};

// Sends one POST and waits for the whole response (at most request.total_timeout). Blocking.
// The response, or why there is none: an HttpError, so that callers can tell a timeout (worth a
// retry) from a refusal or a TLS failure (not).
Result<HttpResponse, HttpError> Post(const HttpPostRequest& request);

}  // namespace ks::verify
