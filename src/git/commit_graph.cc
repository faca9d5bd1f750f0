#include "git/commit_graph.h"

#include <algorithm>

namespace ks::git {

uint32_t CommitGraph::Add(const Oid& id, const std::vector<Oid>& parents) {
  ids_.push_back(id);
  parents_.insert(parents_.end(), parents.begin(), parents.end());
  parent_begin_.push_back(static_cast<uint32_t>(parents_.size()));
  return static_cast<uint32_t>(ids_.size() - 1);
}

std::span<const Oid> CommitGraph::parents(uint32_t index) const {
  return std::span<const Oid>(parents_).subspan(parent_begin_[index],
                                                parent_begin_[index + 1] - parent_begin_[index]);
}

// Sorts the indices added since the last call and merges them into the sorted rest, so a walk
// in batches (tips, then dangling commits) sorts each commit once.
void CommitGraph::IndexNewCommits() {
  const size_t sorted = by_id_.size();
  if (sorted == ids_.size()) return;
  for (size_t i = sorted; i < ids_.size(); ++i) by_id_.push_back(static_cast<uint32_t>(i));
  auto by_id = [this](uint32_t a, uint32_t b) { return ids_[a] < ids_[b]; };
  std::sort(by_id_.begin() + static_cast<ptrdiff_t>(sorted), by_id_.end(), by_id);
  std::inplace_merge(by_id_.begin(), by_id_.begin() + static_cast<ptrdiff_t>(sorted), by_id_.end(),
                     by_id);
}

std::optional<uint32_t> CommitGraph::Find(const Oid& id) {
  IndexNewCommits();
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                             [this](uint32_t index, const Oid& x) { return ids_[index] < x; });
  if (it == by_id_.end() || !(ids_[*it] == id)) return std::nullopt;
  return *it;
}

uint64_t CommitGraph::Generation(const Oid& id) {
  const std::optional<uint32_t> index = Find(id);
  return index ? GenerationOf(*index) : 0;
}

// Iterative, because histories are far deeper than the call stack.
uint32_t CommitGraph::GenerationOf(uint32_t index) {
  generation_.resize(ids_.size(), 0);
  std::vector<uint32_t> stack{index};
  while (!stack.empty()) {
    const uint32_t top = stack.back();
    if (generation_[top] != 0) {
      stack.pop_back();
      continue;
    }
    uint32_t highest = 0;
    bool ready = true;
    for (const Oid& p : parents(top)) {
      const std::optional<uint32_t> parent = Find(p);
      if (!parent) continue;  // outside the walk: a root for our purposes
      if (generation_[*parent] == 0) {
        stack.push_back(*parent);
        ready = false;
      }
      highest = std::max(highest, generation_[*parent]);
    }
    if (ready) {
      generation_[top] = highest + 1;
      stack.pop_back();
    }
  }
  return generation_[index];
}

}  // namespace ks::git
