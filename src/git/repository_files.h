// CheckRepositoryFiles: refuses a repository where a file libgit2 will read is not a regular
// file.
//
// libgit2 opens the files of a git directory with blocking reads: the configuration and the
// files it includes, `commondir`, `packed-refs`, `shallow`, grafts, the index, loose references
// and loose objects, `objects/info/alternates` (and the same in each alternate). A FIFO in any
// of those places blocks the scan forever, waiting for a writer that never comes; a device
// could be worse. keysweep cannot make libgit2 open them differently, so it looks first: each
// such path that exists must be a regular file (symbolic links are followed, as libgit2 would)
// or, where git keeps directories (refs/, objects/xx/), a directory. Nothing is opened but the
// configuration files (to find their includes) and `commondir`/`alternates` (to find where to
// look), and those through util/file's non-blocking, regular-file-only read.
//
// Cost: one readdir per loose-object directory, one per reference directory, and a stat per
// named file; a few milliseconds on a repository with thousands of loose objects.
#pragma once

#include <string>

#include "util/result.h"

namespace ks::git {

// `git_dir`: the repository's git directory (a linked worktree's own; its common directory is
// found from `commondir`). An error (ErrorKind::kRepository) names the first offending path.
Status CheckRepositoryFiles(const std::string& git_dir);

}  // namespace ks::git
