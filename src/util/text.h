// Small text measures used by rule filters; all work on raw bytes.
#pragma once

#include <string>
#include <string_view>

namespace ks {

// Shannon entropy in bits per byte.
double ShannonEntropy(std::string_view s);

// Number of distinct classes among: lowercase, uppercase, digit, other.
int CharClassCount(std::string_view s);

bool IsHexOnly(std::string_view s);

// Lowercase hex of `bytes`.
std::string HexEncode(std::string_view bytes);

}  // namespace ks
