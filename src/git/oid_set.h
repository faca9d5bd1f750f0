// OidSet: a set of object ids, flat and open-addressed.
//
// A history walk asks "seen this tree/blob before?" once per tree entry: tens of millions of
// times on a large repository, each a likely cache miss. Here a lookup touches one slot (ids
// are uniformly distributed, so their leading bytes index the table directly), and Prefetch()
// lets a caller with many ids in hand overlap those misses. Not thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "git/oid.h"

namespace ks::git {

class OidSet {
 public:
  OidSet() : slots_(kInitialSlots) {}

  // Adds `id`; false when it was already there.
  bool insert(const Oid& id);
  bool contains(const Oid& id) const;
  size_t size() const { return size_ + (has_zero_ ? 1 : 0); }
  // Makes room for `n` ids in all, so that adding them does not grow the table again.
  void Reserve(size_t n);
  // Calls visit(id) for each id, in no particular order.
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    if (has_zero_) visit(Oid{});
    for (const Oid& id : slots_) {
      if (id != Oid{}) visit(id);
    }
  }
  // A hint that `id` is about to be looked up.
  void Prefetch(const Oid& id) const { __builtin_prefetch(&slots_[Home(id)]); }

 private:
  static constexpr size_t kInitialSlots = 1024;  // a power of two
  size_t Home(const Oid& id) const { return OidHash()(id) & (slots_.size() - 1); }
  // The slot holding `id`, or the empty slot where it belongs. `id` must not be zero.
  size_t Find(const Oid& id) const;
  void Grow();
  void Rehash(size_t slots);  // a power of two, over twice size_

  std::vector<Oid> slots_;  // the all-zero id marks an empty slot...
  bool has_zero_ = false;   // ...so that id itself is kept here
  size_t size_ = 0;         // non-zero ids in slots_
};

}  // namespace ks::git
