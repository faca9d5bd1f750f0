#include "verify/sigv4.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/hmac.h"
#include "util/sha256.h"
#include "util/text.h"

namespace ks::verify {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";
constexpr std::string_view kDateHeader = "x-amz-date";
constexpr std::string_view kTokenHeader = "x-amz-security-token";
constexpr std::string_view kAuthorizationHeader = "authorization";

// Locale-independent on purpose: std::tolower would follow the global locale.
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return AsciiLower(c); });
  return out;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool IsUnreserved(char c) {
  return IsAsciiAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

void AppendPercentEncoded(std::string_view bytes, bool keep_slash, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : bytes) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out->push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out->push_back('%');
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 0xF]);
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A '%' not followed by two hex digits stays a literal '%' (and is later encoded as %25), which is
// what a lenient server does with it too.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string EncodeQueryComponent(std::string_view raw) {
  std::string out;
  AppendPercentEncoded(PercentDecode(raw), /*keep_slash=*/false, &out);
  return out;
}

// RFC 3986 remove_dot_segments, plus dropping empty segments ("//"), which AWS also normalises.
// A trailing '/' survives, as does the directory-ness of a final "." or "..".
std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  bool ends_as_directory = false;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    start = slash + 1;
    ends_as_directory = true;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
    ends_as_directory = false;
  }
  std::string out = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(segments[i]);
  }
  if (ends_as_directory && !segments.empty()) out.push_back('/');
  return out;
}

bool IsHttpWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims and turns every whitespace run into one space; line breaks count as whitespace so that a
// folded (multi-line) value becomes one line.
std::string NormalizeHeaderValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (IsHttpWhitespace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Lowercase name → values joined with ',' in request order; std::map gives the sorted order.
std::map<std::string, std::string> CanonicalHeaderMap(const std::vector<HeaderField>& headers) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : headers) {
    auto [it, inserted] = out.try_emplace(AsciiLower(name), NormalizeHeaderValue(value));
    if (!inserted) it->second.append(",").append(NormalizeHeaderValue(value));
  }
  return out;
}

// Overwrites a string's bytes before it is freed: derived signing keys are as good as the secret
// for this date, region and service.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string* s) : s_(s) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() { OPENSSL_cleanse(s_->data(), s_->size()); }

 private:
  std::string* s_;
};

// --- Validation for Sign() ----------------------------------------------------------------------

Error BadInput(std::string message) {
  return MakeError(ErrorKind::kInternal, "SigV4: " + std::move(message));
}

// RFC 9110 tchar.
bool IsToken(std::string_view s) {
  static constexpr std::string_view kPunct = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsAsciiAlnum(c) || kPunct.find(c) != std::string_view::npos;
  });
}

bool IsSendableValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsAmzDate(std::string_view s) {
  return s.size() == 16 && IsDigits(s.substr(0, 8)) && s[8] == 'T' && IsDigits(s.substr(9, 6)) &&
         s[15] == 'Z';
}

bool IsScopePart(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsAsciiAlnum(c) || c == '-' || c == '_' || c == '.';
  });
}

Status ValidateKeyAndScope(const SigningKey& key, const SigningScope& scope) {
  if (key.access_key_id.empty() || !std::all_of(key.access_key_id.begin(), key.access_key_id.end(),
                                                [](char c) { return IsAsciiAlnum(c); })) {
    return BadInput("the access key ID is empty or not alphanumeric");
  }
  if (key.secret_access_key.empty()) return BadInput("the secret access key is empty");
  if (!IsSendableValue(key.session_token)) {
    return BadInput("the session token contains CR, LF or NUL");
  }
  if (!IsAmzDate(scope.amz_date)) return BadInput("amz_date is not YYYYMMDDTHHMMSSZ");
  if (!IsScopePart(scope.region)) return BadInput("the region is empty or not [A-Za-z0-9._-]");
  if (!IsScopePart(scope.service)) return BadInput("the service is empty or not [A-Za-z0-9._-]");
  return {};
}

Status ValidateRequest(const HttpRequestToSign& request) {
  if (!IsToken(request.method)) return BadInput("the method is not an HTTP token");
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name)) return BadInput("a header name is not an HTTP token");
    const std::string lower = AsciiLower(name);
    if (!IsSendableValue(value)) {
      return BadInput("the value of header '" + lower + "' contains CR, LF or NUL");
    }
    if (lower == kDateHeader || lower == kTokenHeader || lower == kAuthorizationHeader) {
      return BadInput("header '" + lower + "' is added by Sign() and must not be given");
    }
    has_host = has_host || lower == "host";
  }
  if (!has_host) return BadInput("the request has no Host header, which must be signed");
  return {};
}

}  // namespace

std::string CanonicalUri(std::string_view path) {
  std::string out;
  AppendPercentEncoded(NormalizePath(path), /*keep_slash=*/true, &out);
  return out;
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start <= query.size()) {
    const size_t amp = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, amp - start);
    start = amp + 1;
    if (param.empty()) continue;  // "a=1&&b=2" or a bare '?'
    const size_t eq = param.find('=');
    const std::string_view name = param.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : param.substr(eq + 1);
    params.emplace_back(EncodeQueryComponent(name), EncodeQueryComponent(value));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string SignedHeaderNames(const std::vector<HeaderField>& headers) {
  std::string out;
  for (const auto& [name, value] : CanonicalHeaderMap(headers)) {
    if (!out.empty()) out.push_back(';');
    out.append(name);
  }
  return out;
}

std::string CanonicalRequest(const HttpRequestToSign& request) {
  std::string out;
  out.append(request.method).append("\n");
  out.append(CanonicalUri(request.path)).append("\n");
  out.append(CanonicalQuery(request.query)).append("\n");
  for (const auto& [name, value] : CanonicalHeaderMap(request.headers)) {
    out.append(name).append(":").append(value).append("\n");
  }
  out.append("\n");
  out.append(SignedHeaderNames(request.headers)).append("\n");
  out.append(Sha256Hex(request.body));
  return out;
}

std::string CredentialScope(const SigningScope& scope) {
  std::string out(std::string_view(scope.amz_date).substr(0, 8));
  out.append("/").append(scope.region).append("/").append(scope.service).append("/");
  out.append(kTerminator);
  return out;
}

std::string StringToSign(std::string_view canonical_request, const SigningScope& scope) {
  std::string out(kAlgorithm);
  out.append("\n").append(scope.amz_date).append("\n");
  out.append(CredentialScope(scope)).append("\n");
  out.append(Sha256Hex(canonical_request));
  return out;
}

std::string Signature(std::string_view secret_access_key, const SigningScope& scope,
                      std::string_view string_to_sign) {
  std::string key = "AWS4";
  key.append(secret_access_key);
  WipeOnExit wipe_secret(&key);
  std::string k_date = HmacSha256(key, std::string_view(scope.amz_date).substr(0, 8));
  WipeOnExit wipe_date(&k_date);
  std::string k_region = HmacSha256(k_date, scope.region);
  WipeOnExit wipe_region(&k_region);
  std::string k_service = HmacSha256(k_region, scope.service);
  WipeOnExit wipe_service(&k_service);
  std::string k_signing = HmacSha256(k_service, kTerminator);
  WipeOnExit wipe_signing(&k_signing);
  return HexEncode(HmacSha256(k_signing, string_to_sign));
}

std::string AuthorizationHeader(std::string_view access_key_id, const SigningScope& scope,
                                std::string_view signed_header_names, std::string_view signature) {
  std::string out(kAlgorithm);
  out.append(" Credential=").append(access_key_id).append("/").append(CredentialScope(scope));
  out.append(", SignedHeaders=").append(signed_header_names);
  out.append(", Signature=").append(signature);
  return out;
}

Result<std::vector<HeaderField>> Sign(const HttpRequestToSign& request, const SigningKey& key,
                                      const SigningScope& scope) {
  if (Status s = ValidateKeyAndScope(key, scope); !s) return s.error();
  if (Status s = ValidateRequest(request); !s) return s.error();

  std::vector<HeaderField> added;
  added.emplace_back("X-Amz-Date", scope.amz_date);
  if (!key.session_token.empty()) {
    added.emplace_back("X-Amz-Security-Token", std::string(key.session_token));
  }
  HttpRequestToSign signed_request = request;
  signed_request.headers.insert(signed_request.headers.end(), added.begin(), added.end());

  const std::string string_to_sign = StringToSign(CanonicalRequest(signed_request), scope);
  added.emplace_back(
      "Authorization",
      AuthorizationHeader(key.access_key_id, scope, SignedHeaderNames(signed_request.headers),
                          Signature(key.secret_access_key, scope, string_to_sign)));
  return added;
}

}  // namespace ks::verify
