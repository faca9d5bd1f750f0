#include "git/commit_walk.h"

#include <algorithm>

namespace ks::git {
namespace {

constexpr auto kOlderThan = [](const auto& a, const auto& b) { return a.time < b.time; };

}  // namespace

std::vector<Oid> CommitWalk::Parents(const Commit& c) const {
  std::vector<Oid> parents;
  if (repo_.shallow_roots().contains(c.id())) return parents;
  parents.reserve(c.parent_count());
  for (size_t i = 0; i < c.parent_count(); ++i) parents.push_back(c.parent_id(i));
  return parents;
}

// Eager and unordered: every hidden commit has to be known before the walk can trust that a
// commit it reaches is wanted.
void CommitWalk::Hide(const Oid& id) {
  std::vector<Oid> stack;
  if (seen_.insert(id)) stack.push_back(id);
  while (!stack.empty()) {
    const Oid next = stack.back();
    stack.pop_back();
    auto c = Commit::Lookup(repo_, next);
    if (!c.ok()) {
      diag_->Error(c.error().message);
      continue;
    }
    for (const Oid& p : Parents(*c)) {
      if (seen_.insert(p)) stack.push_back(p);
    }
  }
}

void CommitWalk::Push(const Oid& id) {
  if (seen_.insert(id)) Enqueue(id);
}

void CommitWalk::Enqueue(const Oid& id) {
  auto c = Commit::Lookup(repo_, id);
  if (!c.ok()) {
    diag_->Error(c.error().message);
    return;
  }
  const int64_t time = c->commit_time();
  heap_.push_back(Queued{time, std::move(c).value()});
  std::push_heap(heap_.begin(), heap_.end(), kOlderThan);
}

void CommitWalk::Run(const std::function<void(const Commit&)>& visit) {
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), kOlderThan);
    const Commit c = std::move(heap_.back().commit);
    heap_.pop_back();
    ++visited_;
    visit(c);
    for (const Oid& p : Parents(c)) Push(p);
  }
}

}  // namespace ks::git
