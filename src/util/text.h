// Small text measures used by rule filters; all work on raw bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ks {

// Shannon entropy in bits per byte.
double ShannonEntropy(std::string_view s);

// Number of distinct classes among: lowercase, uppercase, digit, other.
int CharClassCount(std::string_view s);

bool IsHexOnly(std::string_view s);

// [A-Za-z0-9+/], independent of the locale.
bool IsBase64Char(unsigned char c);

// `s` without the spaces, tabs and carriage returns around it.
std::string_view Trim(std::string_view s);

// ASCII letters lowered, every other byte (UTF-8 included) kept, whatever the locale.
std::string AsciiLower(std::string_view s);

// The entries of a data file with one entry per line: '#' starts a comment, surrounding
// whitespace is dropped, empty lines are skipped. Views into `text`.
std::vector<std::string_view> DataLines(std::string_view text);

// Lowercase hex of `bytes`.
std::string HexEncode(std::string_view bytes);

}  // namespace ks
