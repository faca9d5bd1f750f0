// CommitGraph: the commits of a walk, numbered in the order they were added, with their trees
// and parent links: what diffing each commit against its parents needs, and what ordering
// commits topologically after the walk needs.
//
// Commit times cannot order commits on their own: they tie (scripted or rebased history) and
// they lie (clock skew). The generation number does not: a commit's is one more than its
// highest parent's, so an ancestor always has a smaller one.
//
// Memory: a history scan keeps this for the whole run, so it is flat arrays. A commit costs its
// id and tree (40 bytes), 8 bytes of index and 4 bytes a parent link once linked: a parent is
// kept as a 20-byte id only between Add() and the next Link(), which turns it into the index of
// the parent in the graph (or into outside()). Everything per commit that the walk and the
// diff need lives here once.
//
// Not thread-safe while commits are added or linked, nor in Find() and Generation(), which build
// their indexes on first use. Between Link() and the next Add(), the const members are safe to
// share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "git/oid.h"

namespace ks::git {

class CommitGraph {
 public:
  // A parent link with this bit set names outside()[link & ~kOutside]: a parent that was not in
  // the graph when it was linked (hidden by a range or by --state).
  static constexpr uint32_t kOutside = uint32_t{1} << 31;

  // Adds a commit that is not in the graph yet, with its tree and its parents; returns its index
  // (the commits added before it).
  uint32_t Add(const Oid& id, const Oid& tree, std::span<const Oid> parents);
  // Links the parents of the commits added since the last call (and re-links earlier outside
  // parents that have been added since), then frees their ids. Call after each walk, before
  // parents() is read for its commits; Generation() calls it itself.
  void Link();

  size_t size() const { return ids_.size(); }
  const Oid& id(uint32_t index) const { return ids_[index]; }
  const Oid& tree(uint32_t index) const { return trees_[index]; }
  // The parent links of the commit at `index` (linked: see Link()), in the commit's order.
  std::span<const uint32_t> parents(uint32_t index) const;
  // The parents outside the graph, each once, in the order Link() met them.
  const std::vector<Oid>& outside() const { return outside_; }

  // Cuts every parent link that closes a cycle (a commit that is its own ancestor) and returns
  // the commits whose link was cut, each once. A repository git wrote has no cycle, since an id
  // is the hash of the parents it names; a forged object (hash verification is off for speed)
  // can name any id, and then the generation numbers never settle and a commit diffed against
  // itself introduces nothing, so the walk would read nothing and call the history clean. With
  // the link cut, the commit is read as a root: its whole tree counts as introduced. Call after
  // Link().
  std::vector<Oid> BreakCycles();

  // The index of commit `id`, if it was added.
  std::optional<uint32_t> Find(const Oid& id);
  // 1 for a commit without parents in the graph; 0 for a commit never added.
  uint64_t Generation(const Oid& id);

 private:
  void IndexNewCommits();
  uint32_t LinkTo(const Oid& parent, std::unordered_map<Oid, uint32_t, OidHash>& outside_links);
  void RelinkAdded(size_t outside_before);
  uint32_t GenerationOf(uint32_t index);
  // The (commit, position in links_) of each link that closes a cycle: depth-first, a link to a
  // commit still on the path.
  std::vector<std::pair<uint32_t, uint32_t>> BackLinks() const;
  void DropLinks(const std::vector<std::pair<uint32_t, uint32_t>>& back);

  std::vector<Oid> ids_;
  std::vector<Oid> trees_;
  std::vector<uint32_t> parent_begin_{0};  // commit i's parents: [parent_begin_[i], [i + 1])
  std::vector<uint32_t> links_;            // the parents of commits [0, linked_)
  size_t linked_ = 0;                      // commits whose parents are in links_
  std::vector<Oid> pending_;               // the parents of commits [linked_, size())
  std::vector<Oid> outside_;
  std::vector<uint32_t> by_id_;       // indices, sorted by id; covers the first by_id_.size()
  std::vector<uint32_t> generation_;  // by index; 0 until computed
};

}  // namespace ks::git
