// Where history starts: the objects references point at, and revisions named by the user.
#pragma once

#include <string>
#include <vector>

#include "git/oid.h"
#include "git/repository.h"
#include "util/diagnostics.h"
#include "util/result.h"

namespace ks::git {

struct Tip {
  Oid id;
  ObjectType type = ObjectType::kCommit;  // a reference may name a tree or a blob directly
};

// The objects named by every reference (branches, tags, remote-tracking branches, notes, the
// stash) and by HEAD (which matters when it is detached), with annotated tags peeled. A
// reference that cannot be resolved is reported to Diagnostics and left out. An unborn HEAD
// is not an error. Ids may repeat.
std::vector<Tip> AllTips(const Repository& repo, Diagnostics* diag);

// The commit a revision names (`main`, `v1.0`, `HEAD~2`, an abbreviated id...).
Result<Oid> ResolveCommit(const Repository& repo, const std::string& revision);

}  // namespace ks::git
