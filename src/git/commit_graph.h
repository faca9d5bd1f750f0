// CommitGraph: the commits of a walk, numbered in the order they were added, with their parent
// links, to order commits topologically after the walk.
//
// Commit times cannot order commits on their own: they tie (scripted or rebased history) and
// they lie (clock skew). The generation number does not: a commit's is one more than its
// highest parent's, so an ancestor always has a smaller one.
//
// Memory: a history scan keeps this for the whole run, so it is flat arrays (about 55 bytes a
// commit plus 20 a parent link) rather than a map of vectors (about 200 bytes a commit).
// Not thread-safe, Find() and Generation() included: they build their indexes on first use.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "git/oid.h"

namespace ks::git {

class CommitGraph {
 public:
  // Adds a commit that is not in the graph yet; returns its index (the commits added before it).
  uint32_t Add(const Oid& id, const std::vector<Oid>& parents);
  size_t size() const { return ids_.size(); }
  const Oid& id(uint32_t index) const { return ids_[index]; }
  // The parents recorded for the commit at `index`, walked or not.
  std::span<const Oid> parents(uint32_t index) const;
  // The index of commit `id`, if it was added.
  std::optional<uint32_t> Find(const Oid& id);
  // 1 for a commit without parents in the graph; 0 for a commit never added.
  uint64_t Generation(const Oid& id);

 private:
  void IndexNewCommits();
  uint32_t GenerationOf(uint32_t index);

  std::vector<Oid> ids_;
  std::vector<uint32_t> parent_begin_{0};  // commit i's parents: [parent_begin_[i], [i + 1])
  std::vector<Oid> parents_;
  std::vector<uint32_t> by_id_;       // indices, sorted by id; covers the first by_id_.size()
  std::vector<uint32_t> generation_;  // by index; 0 until computed
};

}  // namespace ks::git
