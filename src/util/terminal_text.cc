#include "util/terminal_text.h"

#include <fmt/format.h>

#include <cstdint>

namespace ks {
namespace {

// One UTF-8 sequence: its length and code point; length 0 when the bytes at the start of `s` are
// not well-formed UTF-8 (a stray continuation byte, an overlong form, a surrogate, a truncation).
struct Utf8Char {
  size_t length = 0;
  uint32_t code_point = 0;
};

Utf8Char DecodeUtf8(std::string_view s) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {1, lead};
  size_t n = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    n = 2;
  } else if ((lead & 0xf0) == 0xe0) {
    n = 3;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    n = 4;
  } else {
    return {};
  }
  if (s.size() < n) return {};
  uint32_t cp = lead & (0x7fu >> n);
  for (size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return {};
    cp = (cp << 6) | (byte(i) & 0x3fu);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {};
  return {n, cp};
}

// Unicode's format characters (general category Cf, Unicode 15): invisible, yet they steer how
// text around them is shown. Bidi marks, embeddings, overrides and isolates (U+200E/F, U+061C,
// U+202A-U+202E, U+2066-U+2069) reorder a path so that it reads as another ("Trojan Source");
// zero-width characters (U+200B-U+200D, U+2060, U+FEFF, the soft hyphen, tags) make two different
// names look the same. Whole blocks are listed where that is simpler (U+2065 is unassigned).
struct CodePointRange {
  uint32_t first, last;
};
constexpr CodePointRange kFormatChars[] = {
    {0xad, 0xad},       {0x600, 0x605},     {0x61c, 0x61c},     {0x6dd, 0x6dd},
    {0x70f, 0x70f},     {0x890, 0x891},     {0x8e2, 0x8e2},     {0x180e, 0x180e},
    {0x200b, 0x200f},   {0x202a, 0x202e},   {0x2060, 0x206f},   {0xfeff, 0xfeff},
    {0xfff9, 0xfffb},   {0x110bd, 0x110bd}, {0x110cd, 0x110cd}, {0x13430, 0x1343f},
    {0x1bca0, 0x1bca3}, {0x1d173, 0x1d17a}, {0xe0001, 0xe0001}, {0xe0020, 0xe007f},
};

bool IsFormatChar(uint32_t cp) {
  for (const CodePointRange& r : kFormatChars) {
    if (cp >= r.first && cp <= r.last) return true;
  }
  return false;
}

// Code points a terminal or a viewer acts on instead of showing: C0 and C1 controls (a UTF-8
// terminal reads U+009B as CSI, like ESC [), DEL, the format characters above, and the line and
// paragraph separators. Backslash too, so that an escape in the output can never be confused
// with the same text in the input.
bool MustEscape(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == '\\' || cp == 0x2028 || cp == 0x2029 ||
         IsFormatChar(cp);
}

}  // namespace

std::string TerminalSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const Utf8Char c = DecodeUtf8(s);
    // Bytes that are not UTF-8 are escaped one by one: the output stays valid UTF-8 and shows
    // exactly which bytes the name held.
    const size_t n = c.length == 0 ? 1 : c.length;
    if (c.length == 0 || MustEscape(c.code_point)) {
      for (unsigned char b : s.substr(0, n)) out += fmt::format("\\x{:02x}", b);
    } else {
      out.append(s.substr(0, n));
    }
    s.remove_prefix(n);
  }
  return out;
}

}  // namespace ks
