// SortedOids: a read-only view of object ids stored back to back as raw 20-byte values in
// ascending byte order, such as a --state file's table of scanned blobs mapped from disk.
//
// Lookup is a binary search over the bytes in place: nothing is copied or hashed when the table
// is opened, which is what lets a re-scan that finds a few new blobs skip building a set of
// every blob it already knows. Borrows the bytes, which must outlive it; safe to share between
// threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "git/oid.h"

namespace ks::git {

class SortedOids {
 public:
  SortedOids() = default;
  // nullopt unless `raw` is whole ids in strictly ascending order (so each at most once).
  static std::optional<SortedOids> From(std::string_view raw);

  size_t size() const { return raw_.size() / Oid::kSize; }
  Oid at(size_t i) const;
  bool contains(const Oid& id) const;
  // The first index whose id is not less than `id` (size() if none).
  size_t LowerBound(const Oid& id) const;
  std::string_view raw() const { return raw_; }

 private:
  explicit SortedOids(std::string_view raw) : raw_(raw) {}
  std::string_view raw_;
};

}  // namespace ks::git
