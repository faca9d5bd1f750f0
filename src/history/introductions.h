// Introductions: where each blob of a history entered it. A blob is introduced by a walked commit
// at a path when the commit's tree has it there and none of its parents' trees does.
//
// Diffing every walked commit against its parents once finds every introduction of every blob,
// and with them every blob the history holds (each reachable blob was introduced somewhere, if
// only by a root commit). Keeping them all makes attributing a finding afterwards a lookup
// rather than a second walk of the history.
//
// Memory: an entry is 28 bytes, with its path as an id into a pool that holds each distinct path
// once (git/git: about 240,000 introductions over about 8,000 paths). A shard keeps its entries in
// a deque, which grows without a vector's doubling slack (up to half its size) and frees its
// blocks as it is emptied, so merging the shards into the table (one exact allocation) never
// holds the introductions twice. The table itself is one vector: a deque's small blocks, left
// among the freed shard blocks, fragmented the heap enough to slow every later allocation
// (git/git: malloc 3 -> 6 % of the run, reading 1.3 s slower).
//
// Filling: one Shard per thread, handed to Add() once every thread is done (Add() may be called
// again for a later batch). Between calls to Add() the table is read-only and safe to share
// between threads.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "git/oid.h"
#include "util/string_pool.h"

namespace ks {

class IntroductionTable {
 public:
  struct Entry {
    git::Oid blob;
    uint32_t commit;  // the caller's index of the commit (its position in the walk)
    uint32_t path;    // in the table's (or, in a Shard, the shard's) path pool
  };

  // One thread's introductions, in any order. Not thread-safe.
  class Shard {
   public:
    void Add(uint32_t commit, std::string_view path, const git::Oid& blob);

   private:
    friend class IntroductionTable;
    std::deque<Entry> entries_;
    StringPool paths_;
  };

  // Takes the shards' introductions; the whole table is kept ordered by blob, then commit
  // index, then path.
  void Add(std::vector<Shard> shards);

  // The introductions of `blob`, in (commit index, path) order; empty when it has none.
  std::span<const Entry> Of(const git::Oid& blob) const;
  bool contains(const git::Oid& blob) const { return !Of(blob).empty(); }
  // Valid as long as the table.
  std::string_view path(const Entry& e) const { return paths_.at(e.path); }
  // Each distinct blob once, by its first introduction (lowest commit index, then path), with
  // that entry's index (see entry()).
  template <typename Visit>
  void ForEachBlob(Visit&& visit) const {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (i == 0 || !(entries_[i - 1].blob == entries_[i].blob)) visit(entries_[i], i);
    }
  }
  size_t size() const { return entries_.size(); }
  // Entries by index in the table's order, so that a caller can name one in 4 bytes.
  const Entry& entry(size_t index) const { return entries_[index]; }

 private:
  std::vector<Entry> entries_;
  StringPool paths_;
};

}  // namespace ks
