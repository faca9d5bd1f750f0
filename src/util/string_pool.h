// StringPool: each distinct string once, named by a small number.
//
// A history holds hundreds of thousands of blob introductions but far fewer distinct paths;
// keeping each path once and a 4-byte id per introduction is what keeps the introduction table
// small. A tree-heavy history can still hold millions of distinct paths, so the pool itself is
// compact: the bytes go into large blocks one after another, and the index is an open-addressed
// table of ids, about 32 bytes a string beyond its own bytes (a node-based map of std::string
// took about 90, most strings being past the small-string limit). Views returned by at() stay
// valid for the pool's lifetime, moves included: blocks never move their bytes. Not
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace ks {

class StringPool {
 public:
  StringPool() = default;
  StringPool(const StringPool&) = delete;  // at()'s views would point into the source
  StringPool& operator=(const StringPool&) = delete;
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  // The id of `s`, added if it is new. Ids count up from 0.
  uint32_t Intern(std::string_view s);
  std::string_view at(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  struct Slot {
    uint32_t id_plus_one = 0;  // 0: empty
    uint32_t hash = 0;         // the low bits of the string's hash, to skip most compares
  };
  // The slot holding `s`, or the empty one where it belongs.
  size_t Find(std::string_view s, uint64_t hash) const;
  std::string_view Store(std::string_view s);  // a copy in the current block
  void Grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;  // the free bytes of blocks_.back(): [next_, block_end_)
  char* block_end_ = nullptr;
  std::vector<std::string_view> strings_;  // by id, into blocks_
  std::vector<Slot> slots_;                // a power of two in size, at most half full
};

}  // namespace ks
