#include "git/oid_set.h"

#include <utility>

namespace ks::git {
namespace {

const Oid kZero{};

}  // namespace

size_t OidSet::Find(const Oid& id) const {
  const size_t mask = slots_.size() - 1;
  size_t i = Home(id);
  while (slots_[i] != id && slots_[i] != kZero) i = (i + 1) & mask;
  return i;
}

bool OidSet::insert(const Oid& id) {
  if (id == kZero) return !std::exchange(has_zero_, true);
  size_t i = Find(id);
  if (slots_[i] == id) return false;
  // Kept at most half full, so probe sequences stay short.
  if (2 * (size_ + 1) > slots_.size()) {
    Grow();
    i = Find(id);
  }
  slots_[i] = id;
  ++size_;
  return true;
}

bool OidSet::contains(const Oid& id) const {
  if (id == kZero) return has_zero_;
  return slots_[Find(id)] == id;
}

void OidSet::Reserve(size_t n) {
  size_t slots = slots_.size();
  while (2 * n > slots) slots *= 2;
  if (slots != slots_.size()) Rehash(slots);
}

void OidSet::Grow() { Rehash(slots_.size() * 2); }

void OidSet::Rehash(size_t slots) {
  std::vector<Oid> old(slots);
  old.swap(slots_);
  for (const Oid& id : old) {
    if (id != kZero) slots_[Find(id)] = id;
  }
}

}  // namespace ks::git
