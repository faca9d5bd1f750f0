#include "git/sorted_oids.h"

#include <cstring>

namespace ks::git {
namespace {

int Compare(const char* stored, const Oid& id) {
  return std::memcmp(stored, id.bytes.data(), Oid::kSize);
}

}  // namespace

std::optional<SortedOids> SortedOids::From(std::string_view raw) {
  if (raw.size() % Oid::kSize != 0) return std::nullopt;
  for (size_t i = Oid::kSize; i < raw.size(); i += Oid::kSize) {
    if (std::memcmp(raw.data() + i - Oid::kSize, raw.data() + i, Oid::kSize) >= 0) {
      return std::nullopt;
    }
  }
  return SortedOids(raw);
}

Oid SortedOids::at(size_t i) const {
  Oid id;
  std::memcpy(id.bytes.data(), raw_.data() + i * Oid::kSize, Oid::kSize);
  return id;
}

size_t SortedOids::LowerBound(const Oid& id) const {
  size_t lo = 0, hi = size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (Compare(raw_.data() + mid * Oid::kSize, id) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

bool SortedOids::contains(const Oid& id) const {
  const size_t i = LowerBound(id);
  return i < size() && Compare(raw_.data() + i * Oid::kSize, id) == 0;
}

}  // namespace ks::git
