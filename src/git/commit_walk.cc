#include "git/commit_walk.h"

#include <algorithm>

namespace ks::git {
namespace {

// Heap order: newest first; on equal times hidden entries first, so that a hidden commit marks
// its parents before a wanted commit of the same time can reach them.
constexpr auto kPopsLater = [](const auto& a, const auto& b) {
  return a.time < b.time || (a.time == b.time && !a.hidden && b.hidden);
};

}  // namespace

std::vector<Oid> CommitWalk::Parents(const Commit& c) const {
  std::vector<Oid> parents;
  if (repo_.shallow_roots().contains(c.id())) return parents;
  parents.reserve(c.parent_count());
  for (size_t i = 0; i < c.parent_count(); ++i) parents.push_back(c.parent_id(i));
  return parents;
}

void CommitWalk::Hide(const Oid& id) {
  if (hidden_.insert(id)) Enqueue(id, /*hidden=*/true);
}

void CommitWalk::HideKnown(const KnownCommit& known) {
  if (!hidden_.insert(known.id)) return;
  heap_.push_back(Queued{known.time, /*hidden=*/true, known.id, std::nullopt});
  std::push_heap(heap_.begin(), heap_.end(), kPopsLater);
}

void CommitWalk::Push(const Oid& id) {
  if (hidden_.contains(id) || !wanted_.insert(id)) return;
  Enqueue(id, /*hidden=*/false);
}

void CommitWalk::Enqueue(const Oid& id, bool hidden) {
  auto c = Commit::Lookup(repo_, id);
  if (!c.ok()) {
    diag_->Error(c.error().message);
    return;
  }
  const int64_t time = c->commit_time();
  heap_.push_back(Queued{time, hidden, id, std::move(c).value()});
  std::push_heap(heap_.begin(), heap_.end(), kPopsLater);
  if (!hidden) ++wanted_queued_;
}

std::optional<Commit> CommitWalk::LookupKnown(const Oid& id) const {
  auto c = Commit::Lookup(repo_, id);
  if (!c.ok()) return std::nullopt;  // gone since it was known (a rewritten branch, gc)
  return std::move(c).value();
}

void CommitWalk::HideParents(const Commit& c) {
  for (const Oid& p : Parents(c)) Hide(p);
}

void CommitWalk::Run(const std::function<void(const Commit&)>& visit) {
  while (wanted_queued_ > 0) {
    std::pop_heap(heap_.begin(), heap_.end(), kPopsLater);
    Queued q = std::move(heap_.back());
    heap_.pop_back();
    if (q.hidden) {
      if (!q.commit) q.commit = LookupKnown(q.id);
      if (q.commit) HideParents(*q.commit);
      continue;
    }
    --wanted_queued_;
    if (hidden_.contains(q.id)) continue;  // hidden after it was queued
    ++visited_;
    visit(*q.commit);
    for (const Oid& p : Parents(*q.commit)) Push(p);
  }
}

}  // namespace ks::git
