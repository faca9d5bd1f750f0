// Where git looks for a repository's hooks, for `keysweep install-hook`.
#pragma once

#include <string>

#include "git/repository.h"
#include "util/result.h"

namespace ks::git {

// core.hooksPath when set (relative to the working tree, or to the git directory in a bare
// repository, as git resolves it), otherwise the common git directory's hooks/ (shared by all
// linked worktrees). Reads configuration only; runs nothing.
Result<std::string> HooksDirectory(const Repository& repo);

}  // namespace ks::git
