// StringPool: each distinct string once, named by a small number.
//
// A history holds hundreds of thousands of blob introductions but only thousands of distinct
// paths; keeping each path once and a 4-byte id per introduction is what keeps the
// introduction table small. Views returned by at() stay valid for the pool's lifetime (a deque
// never moves its elements). Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ks {

class StringPool {
 public:
  StringPool() = default;
  // The index holds views into strings_: copying would leave them pointing at the source.
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  // The id of `s`, added if it is new. Ids count up from 0.
  uint32_t Intern(std::string_view s);
  std::string_view at(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;  // views into strings_
};

}  // namespace ks
