#include "git/commit_graph.h"

#include <algorithm>
#include <unordered_map>

namespace ks::git {

uint32_t CommitGraph::Add(const Oid& id, const Oid& tree, std::span<const Oid> parents) {
  ids_.push_back(id);
  trees_.push_back(tree);
  pending_.insert(pending_.end(), parents.begin(), parents.end());
  parent_begin_.push_back(static_cast<uint32_t>(links_.size() + pending_.size()));
  return static_cast<uint32_t>(ids_.size() - 1);
}

std::span<const uint32_t> CommitGraph::parents(uint32_t index) const {
  return std::span<const uint32_t>(links_).subspan(parent_begin_[index],
                                                   parent_begin_[index + 1] - parent_begin_[index]);
}

void CommitGraph::Link() {
  if (linked_ == ids_.size()) return;
  IndexNewCommits();
  const size_t outside_before = outside_.size();
  std::unordered_map<Oid, uint32_t, OidHash> outside_links;
  for (size_t k = 0; k < outside_.size(); ++k) {
    outside_links.emplace(outside_[k], kOutside | static_cast<uint32_t>(k));
  }
  links_.reserve(links_.size() + pending_.size());
  for (const Oid& parent : pending_) links_.push_back(LinkTo(parent, outside_links));
  std::vector<Oid>().swap(pending_);
  linked_ = ids_.size();
  RelinkAdded(outside_before);
  // The walk grew these by doubling; a history scan keeps them to the end.
  ids_.shrink_to_fit();
  trees_.shrink_to_fit();
  parent_begin_.shrink_to_fit();
}

// `outside_links` holds outside_'s links; the map lives only while linking, since outside
// parents are few (the boundary of a range or of an earlier scan, commits that could not be read).
uint32_t CommitGraph::LinkTo(const Oid& parent,
                             std::unordered_map<Oid, uint32_t, OidHash>& outside_links) {
  if (const std::optional<uint32_t> index = Find(parent)) return *index;
  const auto [it, added] =
      outside_links.emplace(parent, kOutside | static_cast<uint32_t>(outside_.size()));
  if (added) outside_.push_back(parent);
  return it->second;
}

// A parent that was outside the graph when its child was linked may have been added by a later
// walk (it cannot in a history scan, whose later walks skip what earlier ones saw, but the graph
// does not rely on that).
void CommitGraph::RelinkAdded(size_t outside_before) {
  std::unordered_map<uint32_t, uint32_t> added;  // outside position -> index
  for (size_t k = 0; k < outside_before; ++k) {
    if (auto index = Find(outside_[k])) added.emplace(static_cast<uint32_t>(k) | kOutside, *index);
  }
  if (added.empty()) return;
  for (uint32_t& link : links_) {
    if (auto it = added.find(link); it != added.end()) link = it->second;
  }
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

std::vector<Oid> CommitGraph::BreakCycles() {
  const auto back = BackLinks();
  if (back.empty()) return {};
  std::vector<Oid> cut;
  for (const auto& [child, pos] : back) {
    if (cut.empty() || !(cut.back() == ids_[child])) cut.push_back(ids_[child]);
  }
  DropLinks(back);
  std::sort(cut.begin(), cut.end());
  cut.erase(std::unique(cut.begin(), cut.end()), cut.end());
  return cut;
}

// Iterative, because histories are far deeper than the call stack. Colours: 0 not reached yet,
// 1 on the current path, 2 done.
std::vector<std::pair<uint32_t, uint32_t>> CommitGraph::BackLinks() const {
  std::vector<std::pair<uint32_t, uint32_t>> back;
  std::vector<uint8_t> colour(linked_, 0);
  std::vector<std::pair<uint32_t, uint32_t>> stack;  // (commit, next position in links_)
  for (uint32_t root = 0; root < linked_; ++root) {
    if (colour[root] != 0) continue;
    colour[root] = 1;
    stack.emplace_back(root, parent_begin_[root]);
    while (!stack.empty()) {
      auto& [node, pos] = stack.back();
      if (pos == parent_begin_[node + 1]) {
        colour[node] = 2;
        stack.pop_back();
        continue;
      }
      const uint32_t link = links_[pos++];
      if (link & kOutside) continue;
      if (colour[link] == 1) back.emplace_back(node, pos - 1);
      if (colour[link] != 0) continue;
      colour[link] = 1;
      stack.emplace_back(link, parent_begin_[link]);
    }
  }
  return back;
}

// Rebuilds the linked part of the parent arrays without the `back` links (sorted by position).
void CommitGraph::DropLinks(const std::vector<std::pair<uint32_t, uint32_t>>& back) {
  std::vector<uint32_t> drop;
  for (const auto& [child, pos] : back) drop.push_back(pos);
  std::sort(drop.begin(), drop.end());
  std::vector<uint32_t> links;
  links.reserve(links_.size() - drop.size());
  size_t d = 0;
  for (uint32_t i = 0; i <= linked_; ++i) {
    const uint32_t begin = parent_begin_[i];
    parent_begin_[i] = static_cast<uint32_t>(links.size());
    if (i == linked_) break;
    for (uint32_t pos = begin; pos < parent_begin_[i + 1]; ++pos) {
      if (d < drop.size() && drop[d] == pos) {
        ++d;
        continue;
      }
      links.push_back(links_[pos]);
    }
  }
  links_ = std::move(links);
}

std::optional<uint32_t> CommitGraph::Find(const Oid& id) {
  IndexNewCommits();
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                             [this](uint32_t index, const Oid& x) { return ids_[index] < x; });
  if (it == by_id_.end() || !(ids_[*it] == id)) return std::nullopt;
  return *it;
}

uint64_t CommitGraph::Generation(const Oid& id) {
  Link();
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
    for (const uint32_t parent : parents(top)) {
      if (parent & kOutside) continue;  // outside the walk: a root for our purposes
      if (generation_[parent] == 0) {
        stack.push_back(parent);
        ready = false;
      }
      highest = std::max(highest, generation_[parent]);
    }
    if (ready) {
      generation_[top] = highest + 1;
      stack.pop_back();
    }
  }
  return generation_[index];
}

}  // namespace ks::git
