#include "aws/pairing.h"

#include <algorithm>

#include "aws/examples.h"
#include "aws/url_escape.h"
#include "util/text.h"

namespace ks::aws {
namespace {

bool IsBase64Char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Length of the %2F / %2B escape at `pos`, or 0.
size_t EscapeAt(std::string_view s, size_t pos) {
  if (pos + 3 > s.size() || s[pos] != '%' || s[pos + 1] != '2') return 0;
  const char c = s[pos + 2];
  return (c == 'F' || c == 'f' || c == 'B' || c == 'b') ? 3 : 0;
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
std::pair<size_t, size_t> Neighbourhood(std::string_view s, size_t b, size_t e) {
  size_t lo = b, hi = e;
  const size_t lo_cap = b > kNeighbourBytes ? b - kNeighbourBytes : 0;
  const size_t hi_cap = std::min(s.size(), e + kNeighbourBytes);
  for (int lines = 0; lo > lo_cap && lines <= kNeighbourLines; --lo) lines += s[lo - 1] == '\n';
  for (int lines = 0; hi < hi_cap && lines <= kNeighbourLines; ++hi) lines += s[hi] == '\n';
  return {lo, hi};
}

bool HasMatchAt(const std::vector<Match>& matches, int rule, size_t begin) {
  return std::any_of(matches.begin(), matches.end(), [&](const Match& m) {
    return static_cast<int>(m.rule) == rule && m.secret_begin == begin;
  });
}

// Adds every bare secret in [lo, hi) that no rule reported yet.
void FindBareSecrets(std::string_view s, size_t lo, size_t hi, int secret_rule,
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
    const std::string decoded = DecodeUrlEscapes(s.substr(pos, end - pos));
    if (decoded.size() == 40 && LooksLikeBareSecret(decoded) &&
        !HasMatchAt(*out, secret_rule, pos)) {
      out->push_back(Match{static_cast<uint32_t>(secret_rule), pos, end, pos, end, 0, 0});
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
    if (rule != rules.secret && rule != rules.session_token) continue;
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

}  // namespace

AwsRules AwsRules::Resolve(const RuleSet& rules) {
  return AwsRules{rules.Find("aws-access-key-id"), rules.Find("aws-secret-access-key"),
                  rules.Find("aws-session-token")};
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
    if (static_cast<int>(k.rule) != rules.key_id || rules.secret < 0) continue;
    const auto [lo, hi] = Neighbourhood(bytes, k.secret_begin, k.secret_end);
    FindBareSecrets(bytes, lo, hi, rules.secret, matches);
  }
  LinkToKeyIds(bytes, rules, matches);
  std::sort(matches->begin(), matches->end(), [](const Match& a, const Match& b) {
    return a.secret_begin != b.secret_begin ? a.secret_begin < b.secret_begin : a.rule < b.rule;
  });
}

}  // namespace ks::aws
