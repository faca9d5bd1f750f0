#include "verify/http_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <new>
#include <string_view>
#include <variant>

#include "verify/curl_functions.h"
#include "verify/curl_library.h"

namespace ks::verify {
namespace {

// Every libcurl call goes through Curl(), the table of the library LoadCurl() opened at run
// time; Post() checks that it is loaded before anything here runs.

// Frees with one of the table's functions, e.g. FreeWith<&CurlFunctions::curl_easy_cleanup>.
template <auto Free>
struct FreeWith {
  template <typename T>
  void operator()(T* p) const {
    (Curl().*Free)(p);
  }
};

using EasyHandle = std::unique_ptr<CURL, FreeWith<&CurlFunctions::curl_easy_cleanup>>;
using UrlHandle = std::unique_ptr<CURLU, FreeWith<&CurlFunctions::curl_url_cleanup>>;
using HeaderList = std::unique_ptr<curl_slist, FreeWith<&CurlFunctions::curl_slist_free_all>>;
using CurlString = std::unique_ptr<char, FreeWith<&CurlFunctions::curl_free>>;

HttpError Refused(std::string message) { return {HttpFailure::kRefused, std::move(message)}; }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// One part of a parsed URL, or "" when the URL has none.
std::string UrlPart(CURLU* url, CURLUPart part) {
  char* raw = nullptr;
  if (Curl().curl_url_get(url, part, &raw, 0) != CURLUE_OK || raw == nullptr) return {};
  const CurlString owned(raw);
  return std::string(raw);
}

// The URL exactly as libcurl will use it. Checks run on libcurl's own parse, and the same
// parsed handle is what gets connected to, so no second parser can disagree about the host.
struct Target {
  UrlHandle url;
  std::string scheme;  // "https", or "http" for loopback
  bool loopback = false;
  std::string origin;  // scheme://host[:port], for messages: no path or query
};

bool IsLoopbackHost(std::string_view host) {
  // libcurl reports IPv6 literals in brackets, and resolves "localhost" to loopback itself.
  const std::string h = Lower(host);
  return h == "127.0.0.1" || h == "[::1]" || h == "localhost";
}

std::variant<Target, HttpError> ParseTarget(const std::string& url) {
  Target t;
  t.url.reset(Curl().curl_url());
  if (!t.url) return HttpError{HttpFailure::kOther, "out of memory"};
  if (const CURLUcode rc = Curl().curl_url_set(t.url.get(), CURLUPART_URL, url.c_str(), 0);
      rc != CURLUE_OK) {
    return Refused(fmt::format("invalid URL: {}", Curl().curl_url_strerror(rc)));
  }
  t.scheme = Lower(UrlPart(t.url.get(), CURLUPART_SCHEME));
  const std::string host = UrlPart(t.url.get(), CURLUPART_HOST);
  const std::string port = UrlPart(t.url.get(), CURLUPART_PORT);
  t.origin = fmt::format("{}://{}{}{}", t.scheme, host, port.empty() ? "" : ":", port);
  t.loopback = IsLoopbackHost(host);
  if (t.scheme == "https") return t;
  if (t.scheme == "http") {
    if (t.loopback) return t;
    // Anyone on the path could read and replay a signed request sent in the clear.
    return Refused(fmt::format(
        "refusing plain http to {}: http is allowed only for loopback hosts (127.0.0.1, ::1, "
        "localhost); use https",
        host));
  }
  return Refused(fmt::format(
      "unsupported URL scheme '{}': only https (or http to loopback) is allowed", t.scheme));
}

bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// A header line that cannot smuggle a second header or end the header block early.
std::variant<std::string, HttpError> HeaderLine(const std::string& name, const std::string& value) {
  const bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return IsTokenChar(static_cast<unsigned char>(c));
  });
  // Escaped ({:?}), so a stray CR or LF cannot break the line the message is printed on.
  if (!name_ok) return Refused(fmt::format("invalid header name {:?}", name));
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
    // The value itself stays out of the message: it may be a signature or a session token.
    return Refused(fmt::format("header {:?} has a line break or NUL in its value", name));
  }
  // libcurl reads "Name:" as "remove this header" and "Name;" as "send it empty".
  return value.empty() ? name + ";" : name + ": " + value;
}

std::variant<HeaderList, HttpError> BuildHeaders(const std::vector<HttpHeader>& headers) {
  HeaderList list;
  bool has_expect = false;
  auto append = [&list](const std::string& line) {
    curl_slist* grown = Curl().curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) return false;
    // `grown` is the head of the whole list, old or new: hand ownership over without a free.
    static_cast<void>(list.release());
    list.reset(grown);
    return true;
  };
  for (const auto& [name, value] : headers) {
    auto line = HeaderLine(name, value);
    if (auto* error = std::get_if<HttpError>(&line)) return std::move(*error);
    if (!append(std::get<std::string>(line))) {
      return HttpError{HttpFailure::kOther, "out of memory"};
    }
    has_expect = has_expect || Lower(name) == "expect";
  }
  // Without this libcurl sends "Expect: 100-continue" for larger bodies and stalls a second on
  // servers that ignore it.
  if (!has_expect && !append("Expect:")) return HttpError{HttpFailure::kOther, "out of memory"};
  return list;
}

// Where libcurl writes the response body; refuses to grow past `limit`.
struct BodySink {
  std::string body;
  size_t limit = 0;
  bool too_large = false;
};

// Returning less than it was given (0; it is never given 0 bytes) makes libcurl abort the
// transfer. CURL_WRITEFUNC_ERROR says the same but needs libcurl 7.87.
size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t n = size * count;  // size is always 1
  if (n > sink->limit - sink->body.size()) {
    sink->too_large = true;
    return 0;
  }
  try {
    sink->body.append(data, n);
  } catch (const std::bad_alloc&) {  // must not unwind through libcurl's C frames
    return 0;
  }
  return n;
}

// Sets options in order and remembers the first failure. Failing closed matters here: a
// security option libcurl rejected must stop the request, not be skipped.
class Options {
 public:
  explicit Options(CURL* easy) : easy_(easy) {}
  template <typename T>
  void Set(CURLoption option, T value) {
    if (status_ == CURLE_OK) status_ = Curl().curl_easy_setopt(easy_, option, value);
  }
  CURLcode status() const { return status_; }

 private:
  CURL* easy_;
  CURLcode status_ = CURLE_OK;
};

HttpFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return HttpFailure::kResolve;
    case CURLE_COULDNT_CONNECT:
      return HttpFailure::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return HttpFailure::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return HttpFailure::kTls;
    default:
      return HttpFailure::kOther;
  }
}

// Only the scheme that was checked, so nothing can switch the request to another protocol.
void SetProtocol(Options& o, const std::string& scheme) {
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85 deprecated the bitmask options for these
  o.Set(CURLOPT_PROTOCOLS_STR, scheme.c_str());
  o.Set(CURLOPT_REDIR_PROTOCOLS_STR, scheme.c_str());
#else
  const long protocol = scheme == "https" ? CURLPROTO_HTTPS : CURLPROTO_HTTP;  // NOLINT
  o.Set(CURLOPT_PROTOCOLS, protocol);
  o.Set(CURLOPT_REDIR_PROTOCOLS, protocol);
#endif
}

void Configure(Options& o, const Target& target, const HttpPostRequest& request,
               const curl_slist* headers, BodySink& sink, char* error_buffer) {
  o.Set(CURLOPT_CURLU, target.url.get());
  o.Set(CURLOPT_NOSIGNAL, 1L);  // signals are process-wide; timeouts must not use them
  SetProtocol(o, target.scheme);
  o.Set(CURLOPT_FOLLOWLOCATION, 0L);  // a redirect must not carry the signed request elsewhere
  o.Set(CURLOPT_SSL_VERIFYPEER, 1L);
  o.Set(CURLOPT_SSL_VERIFYHOST, 2L);
  o.Set(CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  o.Set(CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  o.Set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  if (request.ca_file) {
    o.Set(CURLOPT_CAINFO, request.ca_file->c_str());
    o.Set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));  // only the given bundle
  }
  // An http_proxy meant for the outside world must never see a loopback request.
  if (target.loopback) o.Set(CURLOPT_NOPROXY, "*");
  o.Set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  o.Set(CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  if (!request.user_agent.empty()) o.Set(CURLOPT_USERAGENT, request.user_agent.c_str());
  o.Set(CURLOPT_HTTPHEADER, headers);
  o.Set(CURLOPT_POST, 1L);
  o.Set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  o.Set(CURLOPT_POSTFIELDS, request.body.data());
  // Stops early on a large Content-Length; WriteBody enforces the limit when there is none.
  o.Set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_response_bytes));
  o.Set(CURLOPT_WRITEFUNCTION, &WriteBody);
  o.Set(CURLOPT_WRITEDATA, static_cast<void*>(&sink));
  o.Set(CURLOPT_ERRORBUFFER, error_buffer);
}

}  // namespace

Result<HttpResponse, HttpError> Post(const HttpPostRequest& request) {
  if (request.connect_timeout.count() <= 0 || request.total_timeout.count() <= 0) {
    return Refused("timeouts must be positive");
  }
  // Before anything else touches libcurl, URL parsing included.
  if (const CurlLibrary& curl = LoadCurl(); !curl.loaded()) {
    return HttpError{HttpFailure::kUnavailable, curl.error};
  }
  auto parsed = ParseTarget(request.url);
  if (auto* error = std::get_if<HttpError>(&parsed)) return std::move(*error);
  const Target& target = std::get<Target>(parsed);
  auto headers = BuildHeaders(request.headers);
  if (auto* error = std::get_if<HttpError>(&headers)) return std::move(*error);

  const EasyHandle easy(Curl().curl_easy_init());
  if (!easy) return HttpError{HttpFailure::kOther, "cannot create a libcurl handle"};

  BodySink sink;
  sink.limit = request.max_response_bytes;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  Options options(easy.get());
  Configure(options, target, request, std::get<HeaderList>(headers).get(), sink,
            error_buffer.data());
  if (options.status() != CURLE_OK) {
    return HttpError{HttpFailure::kOther,
                     fmt::format("{}: cannot configure libcurl: {}", target.origin,
                                 Curl().curl_easy_strerror(options.status()))};
  }

  const CURLcode rc = Curl().curl_easy_perform(easy.get());
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return HttpError{HttpFailure::kOther, fmt::format("{}: response too large (over {} bytes)",
                                                      target.origin, request.max_response_bytes)};
  }
  if (rc != CURLE_OK) {
    // libcurl's messages describe the connection (host, port, errno, TLS alert); none of them
    // quote the request.
    const std::string_view detail =
        error_buffer[0] != '\0' ? error_buffer.data() : Curl().curl_easy_strerror(rc);
    return HttpError{Classify(rc), fmt::format("{}: {}", target.origin, detail)};
  }
  HttpResponse response;
  Curl().curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(sink.body);
  return response;
}

}  // namespace ks::verify
