#include "aws/url_escape.h"

#include <cctype>

namespace ks::aws {
namespace {

// The byte an escape at `pos` stands for, or 0 when there is none.
char EscapedByte(std::string_view s, size_t pos) {
  if (pos + 1 < s.size() && s[pos] == '\\' && s[pos + 1] == '/') return '/';
  if (pos + 2 >= s.size() || s[pos] != '%') return 0;
  const char hi = s[pos + 1];
  const char lo = static_cast<char>(std::toupper(static_cast<unsigned char>(s[pos + 2])));
  if (hi == '2' && lo == 'F') return '/';
  if (hi == '2' && lo == 'B') return '+';
  if (hi == '3' && lo == 'D') return '=';
  return 0;
}

}  // namespace

size_t EscapeLengthAt(std::string_view s, size_t pos) {
  if (EscapedByte(s, pos) == 0) return 0;
  return s[pos] == '\\' ? 2 : 3;
}

std::string DecodeUrlEscapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (const char c = EscapedByte(s, i)) {
      out.push_back(c);
      i += EscapeLengthAt(s, i);
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

}  // namespace ks::aws
