#include "aws/url_escape.h"

namespace ks::aws {

std::string DecodeUrlEscapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && s[i + 1] == '2') {
      const char c = s[i + 2];
      if (c == 'F' || c == 'f' || c == 'B' || c == 'b') {
        out.push_back(c == 'F' || c == 'f' ? '/' : '+');
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace ks::aws
