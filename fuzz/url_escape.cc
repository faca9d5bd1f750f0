// Fuzz target: the escape decoding applied to secrets found in URLs and JSON
// (aws/url_escape.h), checked against a straightforward reference decoder.
#include "aws/url_escape.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// %2F, %2B, %3D (hex digits in either case) and \/ decode; nothing else does.
size_t ReferenceEscape(std::string_view s, size_t i, char* decoded) {
  const std::string_view rest = i < s.size() ? s.substr(i) : std::string_view();
  if (rest.starts_with("\\/")) {
    *decoded = '/';
    return 2;
  }
  if (rest.size() < 3 || rest[0] != '%') return 0;
  const char hi = rest[1];
  const char lo = Lower(rest[2]);
  if (hi == '2' && lo == 'f') {
    *decoded = '/';
  } else if (hi == '2' && lo == 'b') {
    *decoded = '+';
  } else if (hi == '3' && lo == 'd') {
    *decoded = '=';
  } else {
    return 0;
  }
  return 3;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s = ks::fuzz::AsText(data, size);
  std::string expected;
  for (size_t i = 0; i < s.size();) {
    char c = 0;
    const size_t len = ReferenceEscape(s, i, &c);
    if (len == 0) {
      expected.push_back(s[i++]);
    } else {
      expected.push_back(c);
      i += len;
    }
  }
  FUZZ_CHECK(ks::aws::DecodeUrlEscapes(s) == expected);
  for (size_t i = 0; i <= s.size() + 2; ++i) {
    char c = 0;
    FUZZ_CHECK(ks::aws::EscapeLengthAt(s, i) == ReferenceEscape(s, i, &c));
  }
  return 0;
}
