// CommitGraph: parent links recorded during a walk, to order commits topologically after it.
//
// Commit times cannot order commits on their own: they tie (scripted or rebased history) and
// they lie (clock skew). The generation number does not: a commit's is one more than its
// highest parent's, so an ancestor always has a smaller one. Not thread-safe.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "git/oid.h"

namespace ks::git {

class CommitGraph {
 public:
  void Add(const Oid& id, std::vector<Oid> parents) { parents_[id] = std::move(parents); }
  // 1 for a commit without recorded parents; 0 for a commit never added.
  uint64_t Generation(const Oid& id);

 private:
  uint64_t Known(const Oid& id) const;  // 0 when not computed yet

  std::unordered_map<Oid, std::vector<Oid>, OidHash> parents_;
  std::unordered_map<Oid, uint64_t, OidHash> generation_;
};

}  // namespace ks::git
