// Oid: a SHA-1 object id, as plain bytes so that modules outside src/git need not see libgit2.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace ks::git {

struct Oid {
  static constexpr size_t kSize = 20;
  std::array<uint8_t, kSize> bytes{};

  // 40 lowercase hex digits.
  std::string Hex() const;
  // Parses exactly 40 hex digits (either case); nullopt otherwise.
  static std::optional<Oid> FromHex(std::string_view hex);

  // Spelled out as word compares, which the compiler keeps inline (a memcmp call would not
  // be): sets of ids compare them tens of millions of times in a history walk.
  friend bool operator==(const Oid& a, const Oid& b) {
    return ((a.Word(0) ^ b.Word(0)) | (a.Word(8) ^ b.Word(8)) | (a.Tail() ^ b.Tail())) == 0;
  }
  friend auto operator<=>(const Oid&, const Oid&) = default;

  uint64_t Word(size_t offset) const {
    uint64_t w;
    std::memcpy(&w, bytes.data() + offset, sizeof(w));
    return w;
  }
  uint32_t Tail() const {
    uint32_t w;
    std::memcpy(&w, bytes.data() + 16, sizeof(w));
    return w;
  }
};

// Object ids are uniformly distributed, so their first bytes are already a good hash.
struct OidHash {
  size_t operator()(const Oid& id) const { return static_cast<size_t>(id.Word(0)); }
};

}  // namespace ks::git
