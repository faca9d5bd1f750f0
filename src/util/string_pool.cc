#include "util/string_pool.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace ks {
namespace {

constexpr size_t kBlockSize = size_t{1} << 16;
constexpr size_t kInitialSlots = 64;

uint64_t Hash(std::string_view s) { return std::hash<std::string_view>()(s); }

}  // namespace

uint32_t StringPool::Intern(std::string_view s) {
  if (2 * (strings_.size() + 1) > slots_.size()) Grow();
  const uint64_t hash = Hash(s);
  Slot& slot = slots_[Find(s, hash)];
  if (slot.id_plus_one != 0) return slot.id_plus_one - 1;
  strings_.push_back(Store(s));
  slot = Slot{static_cast<uint32_t>(strings_.size()), static_cast<uint32_t>(hash)};
  return static_cast<uint32_t>(strings_.size() - 1);
}

size_t StringPool::Find(std::string_view s, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_one == 0) return i;
    if (slot.hash == static_cast<uint32_t>(hash) && strings_[slot.id_plus_one - 1] == s) return i;
  }
}

// A string longer than a block gets a block of its own size; what was left of the current
// block is given up (paths that long are rare).
std::string_view StringPool::Store(std::string_view s) {
  if (s.empty()) return {};
  if (s.size() > static_cast<size_t>(block_end_ - next_)) {
    const size_t size = std::max(kBlockSize, s.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    next_ = blocks_.back().get();
    block_end_ = next_ + size;
  }
  std::memcpy(next_, s.data(), s.size());
  const std::string_view kept(next_, s.size());
  next_ += s.size();
  return kept;
}

void StringPool::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max(kInitialSlots, 2 * old.size()), Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id_plus_one == 0) continue;
    // Re-hashed: the slot kept only 32 bits, fewer than a big table's index may need.
    size_t i = Hash(strings_[slot.id_plus_one - 1]) & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace ks
