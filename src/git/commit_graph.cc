#include "git/commit_graph.h"

#include <algorithm>

namespace ks::git {

uint64_t CommitGraph::Known(const Oid& id) const {
  auto it = generation_.find(id);
  return it == generation_.end() ? 0 : it->second;
}

// Iterative, because histories are far deeper than the call stack.
uint64_t CommitGraph::Generation(const Oid& id) {
  if (!parents_.contains(id)) return 0;
  std::vector<Oid> stack{id};
  while (!stack.empty()) {
    const Oid top = stack.back();
    if (Known(top) != 0) {
      stack.pop_back();
      continue;
    }
    uint64_t highest = 0;
    bool ready = true;
    for (const Oid& p : parents_[top]) {
      if (!parents_.contains(p)) continue;  // outside the walk: a root for our purposes
      const uint64_t g = Known(p);
      if (g == 0) {
        stack.push_back(p);
        ready = false;
      }
      highest = std::max(highest, g);
    }
    if (ready) {
      generation_[top] = highest + 1;
      stack.pop_back();
    }
  }
  return Known(id);
}

}  // namespace ks::git
