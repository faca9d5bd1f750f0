#include "scan/filters.h"

#include <fmt/format.h>

#include "util/text.h"

namespace ks {
namespace {

bool IsAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool Continues(Boundary b, unsigned char c) {
  switch (b) {
    case Boundary::kNone:
      return false;
    case Boundary::kWord:
      return IsAlnum(c) || c == '_';
    case Boundary::kBase64:
      return IsBase64Char(c);
  }
  return false;
}

}  // namespace

// "scheme://" ends a token even though '/' is a base64 character: a key right after it is the
// user part of a URL (sqs://AKIA…:secret@host), not the middle of a base64 blob.
bool AfterUrlScheme(std::string_view text, size_t begin) {
  return begin >= 3 && text.substr(begin - 3, 3) == "://";
}

bool PassesBoundary(Boundary b, std::string_view text, size_t begin, size_t end) {
  if (begin > 0 && Continues(b, static_cast<unsigned char>(text[begin - 1])) &&
      !AfterUrlScheme(text, begin)) {
    return false;
  }
  return end >= text.size() || !Continues(b, static_cast<unsigned char>(text[end]));
}

bool PassesSecretFilters(const RuleFilters& f, std::string_view secret, std::string* why) {
  auto reject = [why](std::string msg) {
    if (why) *why = std::move(msg);
    return false;
  };
  if (f.min_entropy > 0) {
    const double e = ShannonEntropy(secret);
    if (e < f.min_entropy) return reject(fmt::format("entropy {:.2f} < {:.2f}", e, f.min_entropy));
  }
  if (f.min_char_classes > 0 && CharClassCount(secret) < f.min_char_classes) {
    return reject(fmt::format("fewer than {} character classes", f.min_char_classes));
  }
  if (f.reject_hex && IsHexOnly(secret)) return reject("hex-only");
  return true;
}

}  // namespace ks
