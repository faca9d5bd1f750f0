// CommitWalk: visits the commits reachable from some tips and not from others, each once.
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
#include <vector>

#include "git/commit.h"
#include "git/oid.h"
#include "git/oid_set.h"
#include "git/repository.h"
#include "util/diagnostics.h"

namespace ks::git {

class CommitWalk {
 public:
  CommitWalk(const Repository& repo, Diagnostics* diag) : repo_(repo), diag_(diag) {}

  // Leaves `id` and all its ancestors out of the walk. Call before Push().
  void Hide(const Oid& id);
  // Adds a tip to walk from; tips already visited or hidden are ignored.
  void Push(const Oid& id);
  // Visits the pushed tips and their ancestors, newest committer time first, skipping commits
  // visited by earlier calls. More tips may be pushed between calls.
  void Run(const std::function<void(const Commit&)>& visit);
  // The parents a walk follows: none for a shallow root.
  std::vector<Oid> Parents(const Commit& c) const;

  // True for commits visited, queued or hidden.
  bool Seen(const Oid& id) const { return seen_.contains(id); }
  uint64_t visited() const { return visited_; }

 private:
  struct Queued {
    int64_t time;
    Commit commit;
  };
  void Enqueue(const Oid& id);

  const Repository& repo_;
  Diagnostics* diag_;
  OidSet seen_;               // queued, visited or hidden
  std::vector<Queued> heap_;  // max-heap on time
  uint64_t visited_ = 0;
};

}  // namespace ks::git
