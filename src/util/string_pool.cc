#include "util/string_pool.h"

namespace ks {

uint32_t StringPool::Intern(std::string_view s) {
  if (auto it = ids_.find(s); it != ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(strings_.size());
  ids_.emplace(strings_.emplace_back(s), id);
  return id;
}

}  // namespace ks
