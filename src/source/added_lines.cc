#include "source/added_lines.h"

#include <algorithm>

namespace ks {

bool AddedLines::Contains(uint64_t line) const {
  if (all_) return true;
  // The first range starting after `line`; the one before it is the only candidate.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), line,
                             [](uint64_t l, const git::LineRange& r) { return l < r.first; });
  if (it == ranges_.begin()) return false;
  --it;
  return line < it->first + it->count;
}

}  // namespace ks
