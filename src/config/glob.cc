#include "config/glob.h"

#include <cstdint>
#include <vector>

namespace ks::config {
namespace {

// Memoised matcher over (pattern position, path position): O(pattern × path) whatever the stars.
class Matcher {
 public:
  Matcher(std::string_view p, std::string_view s)
      : p_(p), s_(s), memo_((p.size() + 1) * (s.size() + 1), kUnknown) {}
  bool Match(size_t pi, size_t si);

 private:
  static constexpr int8_t kUnknown = -1;
  bool Compute(size_t pi, size_t si);
  bool DoubleStar(size_t pi, size_t si);
  bool Star(size_t pi, size_t si);
  bool Class(size_t pi, size_t si);

  std::string_view p_, s_;
  std::vector<int8_t> memo_;
};

bool Matcher::Match(size_t pi, size_t si) {
  int8_t& m = memo_[pi * (s_.size() + 1) + si];
  if (m == kUnknown) m = Compute(pi, si) ? 1 : 0;
  return m == 1;
}

bool Matcher::Compute(size_t pi, size_t si) {
  if (pi == p_.size()) return si == s_.size();
  const char c = p_[pi];
  if (c == '*') return p_.substr(pi).starts_with("**") ? DoubleStar(pi, si) : Star(pi, si);
  if (si == s_.size()) return false;
  if (c == '?') return s_[si] != '/' && Match(pi + 1, si + 1);
  if (c == '[') return Class(pi, si);
  if (c == '\\' && pi + 1 < p_.size()) return s_[si] == p_[pi + 1] && Match(pi + 2, si + 1);
  return s_[si] == c && Match(pi + 1, si + 1);
}

// `**/` at the start of a component matches no directory or any number of whole ones; any other
// `**` matches any run of characters.
bool Matcher::DoubleStar(size_t pi, size_t si) {
  const size_t after = pi + 2;
  const bool dirs = after < p_.size() && p_[after] == '/' && (pi == 0 || p_[pi - 1] == '/');
  if (dirs) {
    if (Match(after + 1, si)) return true;
    for (size_t k = si + 1; k <= s_.size(); ++k) {
      if (s_[k - 1] == '/' && Match(after + 1, k)) return true;
    }
    return false;
  }
  for (size_t k = si; k <= s_.size(); ++k) {
    if (Match(after, k)) return true;
  }
  return false;
}

bool Matcher::Star(size_t pi, size_t si) {
  for (size_t k = si; k <= s_.size(); ++k) {
    if (Match(pi + 1, k)) return true;
    if (k < s_.size() && s_[k] == '/') return false;
  }
  return false;
}

// `[abc]`, `[a-z]`, `[!x]` / `[^x]`; an unterminated `[` is a literal.
bool Matcher::Class(size_t pi, size_t si) {
  size_t i = pi + 1;
  const bool negate = i < p_.size() && (p_[i] == '!' || p_[i] == '^');
  if (negate) ++i;
  const size_t first = i;
  bool hit = false;
  const unsigned char ch = static_cast<unsigned char>(s_[si]);
  for (; i < p_.size() && (p_[i] != ']' || i == first); ++i) {
    const unsigned char lo = static_cast<unsigned char>(p_[i]);
    if (i + 2 < p_.size() && p_[i + 1] == '-' && p_[i + 2] != ']') {
      hit = hit || (lo <= ch && ch <= static_cast<unsigned char>(p_[i + 2]));
      i += 2;
    } else {
      hit = hit || lo == ch;
    }
  }
  if (i >= p_.size()) return s_[si] == '[' && Match(pi + 1, si + 1);
  return s_[si] != '/' && hit != negate && Match(i + 1, si + 1);
}

std::string_view StripLeading(std::string_view s) {
  while (s.starts_with("./")) s.remove_prefix(2);
  while (s.starts_with('/')) s.remove_prefix(1);
  return s;
}

bool AnyComponent(std::string_view pattern, std::string_view path) {
  size_t begin = 0;
  while (begin <= path.size()) {
    const size_t slash = path.find('/', begin);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (GlobMatch(pattern, path.substr(begin, end - begin))) return true;
    if (slash == std::string_view::npos) return false;
    begin = slash + 1;
  }
  return false;
}

bool PathOrLeadingDirectory(std::string_view pattern, std::string_view path) {
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (GlobMatch(pattern, path.substr(0, slash))) return true;
  }
  return GlobMatch(pattern, path);
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  if (pattern.size() > kMaxGlobLength) return false;
  return Matcher(pattern, path).Match(0, 0);
}

bool PathGlobMatches(std::string_view pattern, std::string_view path) {
  pattern = StripLeading(pattern);
  path = StripLeading(path);
  while (pattern.ends_with('/')) pattern.remove_suffix(1);
  if (pattern.empty()) return false;
  if (pattern.find('/') == std::string_view::npos) return AnyComponent(pattern, path);
  return PathOrLeadingDirectory(pattern, path);
}

}  // namespace ks::config
