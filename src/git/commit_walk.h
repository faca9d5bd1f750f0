// CommitWalk: visits the commits reachable from some tips and not from others, each once.
//
// Hiding is lazy, as in git: hidden commits are walked in the same newest-first order as the
// wanted ones, only until no wanted commit is left to visit, so a range such as main..topic or an
// incremental re-scan costs what the new commits cost, not the whole hidden history. On equal
// commit times hidden commits go first, so a history whose commits share one timestamp is still
// split correctly. Like git, it trusts commit times: a parent dated after a hidden descendant
// (clock skew) may be visited although hidden.
//
// Written on top of single-commit reads rather than git_revwalk because libgit2 1.5's revwalk
// fails on shallow clones; here a commit listed in the repository's `shallow` file is simply a
// root. Any other commit that cannot be read is reported to Diagnostics and skipped, so one
// missing object does not end the walk.
//
// Borrows the Repository and Diagnostics, which must outlive it. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "git/commit.h"
#include "git/oid.h"
#include "git/oid_set.h"
#include "git/repository.h"
#include "util/diagnostics.h"

namespace ks::git {

// A commit an earlier walk reached, with its committer time: enough to hide it without reading
// it (see CommitWalk::HideKnown).
struct KnownCommit {
  Oid id;
  int64_t time = 0;
  friend bool operator<(const KnownCommit& a, const KnownCommit& b) { return a.id < b.id; }
  friend bool operator==(const KnownCommit&, const KnownCommit&) = default;
};

class CommitWalk {
 public:
  CommitWalk(const Repository& repo, Diagnostics* diag) : repo_(repo), diag_(diag) {}

  // Leaves `id` and all its ancestors out of the walk. Call before Push().
  void Hide(const Oid& id);
  // Hide() for a commit whose time is known: it is read only if the walk gets down to its
  // time, so hiding the thousand tips of an earlier scan costs nothing when the new commits
  // are all newer. A known commit that no longer exists hides nothing and is no error.
  void HideKnown(const KnownCommit& known);
  // Adds a tip to walk from; tips already visited or hidden are ignored.
  void Push(const Oid& id);
  // Visits the pushed tips and their ancestors, newest committer time first, skipping commits
  // visited by earlier calls. More tips may be pushed between calls.
  void Run(const std::function<void(const Commit&)>& visit);
  // The parents a walk follows: none for a shallow root.
  std::vector<Oid> Parents(const Commit& c) const;

  // True for commits visited, queued, or known to be hidden.
  bool Seen(const Oid& id) const { return wanted_.contains(id) || hidden_.contains(id); }
  uint64_t visited() const { return visited_; }

 private:
  struct Queued {
    int64_t time;
    bool hidden;
    Oid id;
    std::optional<Commit> commit;  // read when popped for a HideKnown() entry
  };
  void Enqueue(const Oid& id, bool hidden);
  void HideParents(const Commit& c);
  std::optional<Commit> LookupKnown(const Oid& id) const;

  const Repository& repo_;
  Diagnostics* diag_;
  OidSet wanted_;             // queued or visited as wanted
  OidSet hidden_;             // reachable from a hidden tip, as far as the walk has looked
  std::vector<Queued> heap_;  // max-heap: newest first, hidden first on ties
  size_t wanted_queued_ = 0;  // wanted entries in heap_: the walk ends when none is left
  uint64_t visited_ = 0;
};

}  // namespace ks::git
