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

void OidSet::Grow() {
  std::vector<Oid> old(slots_.size() * 2);
  old.swap(slots_);
  for (const Oid& id : old) {
    if (id != kZero) slots_[Find(id)] = id;
  }
}

}  // namespace ks::git
