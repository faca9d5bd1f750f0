#include "aws/pairing.h"

#include <algorithm>
#include <cctype>

#include "aws/examples.h"
#include "aws/smtp.h"
#include "aws/url_escape.h"
#include "util/text.h"

namespace ks::aws {
namespace {

// Length of an escape (%2F, \/ ...) at `pos`, or 0; base64 '=' is only padding, so %3D
// does not continue a token here.
size_t EscapeAt(std::string_view s, size_t pos) {
  const size_t n = EscapeLengthAt(s, pos);
  return n == 3 && s[pos + 1] == '3' ? 0 : n;
}

// End of the run of base64 characters (and %2F/%2B escapes) that starts at `pos`.
size_t RunEnd(std::string_view s, size_t pos) {
  while (pos < s.size()) {
    if (IsBase64Char(static_cast<unsigned char>(s[pos]))) {
      ++pos;
    } else if (size_t esc = EscapeAt(s, pos)) {
      pos += esc;
    } else {
      break;
    }
  }
  return pos;
}

// [begin, end) spanning kNeighbourLines lines either side of [b, e), capped in bytes.
std::pair<size_t, size_t> Neighbourhood(std::string_view s, size_t b, size_t e,
                                        int max_lines = kNeighbourLines,
                                        size_t max_bytes = kNeighbourBytes) {
  size_t lo = b, hi = e;
  const size_t lo_cap = b > max_bytes ? b - max_bytes : 0;
  const size_t hi_cap = std::min(s.size(), e + max_bytes);
  for (int lines = 0; lo > lo_cap && lines <= max_lines; --lo) lines += s[lo - 1] == '\n';
  for (int lines = 0; hi < hi_cap && lines <= max_lines; ++hi) lines += s[hi] == '\n';
  return {lo, hi};
}

bool HasMatchAt(const std::vector<Match>& matches, int rule, size_t begin) {
  return std::any_of(matches.begin(), matches.end(), [&](const Match& m) {
    return static_cast<int>(m.rule) == rule && m.secret_begin == begin;
  });
}

// The rule a bare token near a key ID belongs to, or -1.
int BareTokenRule(std::string_view raw, const std::string& decoded, const AwsRules& rules) {
  if (decoded.size() == 40 && LooksLikeBareSecret(decoded)) return rules.secret;
  if (raw.size() == 44 && HasSmtpPasswordShape(raw)) return rules.smtp_password;
  return -1;
}

// Adds every bare secret or SMTP password in [lo, hi) that no rule reported yet.
void FindBareCredentials(std::string_view s, size_t lo, size_t hi, const AwsRules& rules,
                         std::vector<Match>* out) {
  // A neighbourhood may begin inside a token; its tail is not a token of its own.
  size_t pos = lo;
  if (pos > 0 && IsBase64Char(static_cast<unsigned char>(s[pos - 1]))) pos = RunEnd(s, pos);
  while (pos < hi) {
    if (!IsBase64Char(static_cast<unsigned char>(s[pos])) && !EscapeAt(s, pos)) {
      ++pos;
      continue;
    }
    const size_t end = RunEnd(s, pos);
    const std::string_view raw = s.substr(pos, end - pos);
    const int rule = BareTokenRule(raw, DecodeUrlEscapes(raw), rules);
    if (rule >= 0 && !HasMatchAt(*out, rule, pos)) {
      out->push_back(Match{static_cast<uint32_t>(rule), pos, end, pos, end, 0, 0});
    }
    pos = end;
  }
}

uint64_t Distance(const Match& a, const Match& b) {
  return a.secret_begin < b.secret_begin ? b.secret_begin - a.secret_end
                                         : a.secret_begin - b.secret_end;
}

// Gives each secret and token the nearest key ID within its neighbourhood.
void LinkToKeyIds(std::string_view s, const AwsRules& rules, std::vector<Match>* matches) {
  for (Match& m : *matches) {
    const int rule = static_cast<int>(m.rule);
    if (rule != rules.secret && rule != rules.session_token && rule != rules.smtp_password)
      continue;
    const auto [lo, hi] = Neighbourhood(s, m.secret_begin, m.secret_end);
    const Match* best = nullptr;
    for (const Match& k : *matches) {
      if (static_cast<int>(k.rule) != rules.key_id || k.secret_begin < lo || k.secret_end > hi)
        continue;
      if (best == nullptr || Distance(m, k) < Distance(m, *best)) best = &k;
    }
    if (best) m.key_begin = best->secret_begin, m.key_end = best->secret_end;
  }
}

bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char a, char b) {
                       return std::tolower(static_cast<unsigned char>(a)) == b;
                     }) != haystack.end();
}

// An SMTP password needs SMTP context: its SMTP user (a key ID), an SES endpoint, or an SMTP or
// mail keyword on its line. A generic `password = B…` alone is not enough.
bool HasSmtpContext(std::string_view s, const Match& m) {
  if (m.key_end > m.key_begin) return true;
  if (FindSmtpEndpointRegion(NeighbourhoodText(s, m.secret_begin, m.secret_end, kRegionSearchLines,
                                               kRegionSearchBytes))) {
    return true;
  }
  const size_t line_start = s.rfind('\n', m.secret_begin == 0 ? 0 : m.secret_begin - 1);
  const size_t from = line_start == std::string_view::npos ? 0 : line_start + 1;
  const std::string_view line_head = s.substr(from, m.secret_begin - from);
  return ContainsNoCase(line_head, "smtp") || ContainsNoCase(line_head, "mail");
}

}  // namespace

AwsRules AwsRules::Resolve(const RuleSet& rules) {
  return AwsRules{rules.Find(kAccessKeyIdRule), rules.Find(kSecretKeyRule),
                  rules.Find(kSessionTokenRule), rules.Find(kSmtpPasswordRule)};
}

std::string_view NeighbourhoodText(std::string_view bytes, size_t begin, size_t end, int lines,
                                   size_t max_bytes) {
  const auto [lo, hi] = Neighbourhood(bytes, begin, end, lines, max_bytes);
  return bytes.substr(lo, hi - lo);
}

bool LooksLikeBareSecret(std::string_view decoded) {
  return CharClassCount(decoded) >= 3 && ShannonEntropy(decoded) >= 4.0 && !IsHexOnly(decoded) &&
         ClassifyRealness(decoded) != Realness::kPlaceholder;
}

void PairCredentials(std::string_view bytes, const AwsRules& rules, std::vector<Match>* matches) {
  if (rules.key_id < 0) return;
  const size_t original = matches->size();
  for (size_t i = 0; i < original; ++i) {
    const Match k = (*matches)[i];
    if (static_cast<int>(k.rule) != rules.key_id) continue;
    const auto [lo, hi] = Neighbourhood(bytes, k.secret_begin, k.secret_end);
    FindBareCredentials(bytes, lo, hi, rules, matches);
  }
  LinkToKeyIds(bytes, rules, matches);
  std::erase_if(*matches, [&](const Match& m) {
    return static_cast<int>(m.rule) == rules.smtp_password && !HasSmtpContext(bytes, m);
  });
  std::sort(matches->begin(), matches->end(), [](const Match& a, const Match& b) {
    return a.secret_begin != b.secret_begin ? a.secret_begin < b.secret_begin : a.rule < b.rule;
  });
}

}  // namespace ks::aws
