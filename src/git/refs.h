// Where history starts: the objects references point at, and revisions named by the user.
#pragma once

#include <span>
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
  // The object the reference itself names (an annotated tag, say, when `id` is the commit it
  // was peeled to); zero for a symbolic reference and for a revision the user named.
  Oid ref_target{};
  friend bool operator==(const Tip&, const Tip&) = default;
};

// The objects named by every reference (branches, tags, remote-tracking branches, notes, the
// stash) and by HEAD (which matters when it is detached), with annotated tags peeled. A
// reference that cannot be resolved is reported to Diagnostics and left out. An unborn HEAD
// is not an error. Ids may repeat.
//
// `peeled`: tips of an earlier call, sorted by ref_target. Objects never change, so a
// reference whose target is among them is not read again: peeling a thousand tags reads two
// thousand objects, which would dominate a --state re-scan that finds nothing new. (A target
// deleted since then is then not reported here; the walk reports the missing commit.)
std::vector<Tip> AllTips(const Repository& repo, Diagnostics* diag,
                         std::span<const Tip> peeled = {});
// False only for a repository without any reference (HEAD on an unborn branch): one with
// no commits yet.
bool HasReferences(const Repository& repo);

// The `peeled` argument for a later AllTips from the tips of this one: those a reference named
// directly, sorted by ref_target, each target once.
std::vector<Tip> Peelings(std::vector<Tip> tips);

// The commit a revision names (`main`, `v1.0`, `HEAD~2`, an abbreviated id...).
Result<Oid> ResolveCommit(const Repository& repo, const std::string& revision);

}  // namespace ks::git
