#include "aws/key_id.h"

#include <fmt/format.h>

#include <cstdint>

namespace ks::aws {
namespace {

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

KeyIdKind ClassifyKeyId(std::string_view key_id) {
  if (key_id.size() != 20) return KeyIdKind::kNotAKey;
  const std::string_view prefix = key_id.substr(0, 4);
  if (prefix == "AKIA") return KeyIdKind::kLongTerm;
  if (prefix == "ASIA") return KeyIdKind::kTemporary;
  if (prefix == "ABIA") return KeyIdKind::kBearer;
  if (prefix == "ACCA") return KeyIdKind::kContextSpecific;
  if (prefix.starts_with("A3T")) return KeyIdKind::kUndocumented;
  return KeyIdKind::kNotAKey;
}

// The 16 characters after the prefix are 80 bits of base32, read here as two 40-bit halves.
// The top bit marks the generation; the 40 bits below it hold the account.
std::optional<std::string> DecodeAccountId(std::string_view key_id) {
  if (key_id.size() != 20) return std::nullopt;
  uint64_t half[2] = {0, 0};
  for (size_t i = 0; i < 16; ++i) {
    const int v = Base32Value(key_id[4 + i]);
    if (v < 0) return std::nullopt;
    half[i / 8] = (half[i / 8] << 5) | static_cast<uint64_t>(v);
  }
  if ((half[0] >> 39) == 0) return std::nullopt;
  constexpr uint64_t kMask40 = (uint64_t{1} << 40) - 1;
  const uint64_t account = ((half[0] << 1) | (half[1] >> 39)) & kMask40;
  if (account > 999'999'999'999ULL) return std::nullopt;
  return fmt::format("{:012d}", account);
}

}  // namespace ks::aws
