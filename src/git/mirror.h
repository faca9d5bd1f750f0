// Mirrors of remote repositories, for `keysweep history --repo URL`: a bare copy of every ref
// under a cache directory, made with libgit2 on the first run and fetched incrementally (only
// new objects) on later ones.
//
// Like every other part of keysweep, nothing here runs git or anything a repository's
// configuration names: libgit2 speaks the transports itself (file://, git://, https://, ssh://
// where libgit2 was built with it), never follows `ext::` or `fd::` helpers, and the mirror is
// created without templates, so it has no hooks. Not thread-safe: call from one thread.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace ks::git {

// True for `scheme://…` and scp-like `user@host:path` specs; false for local paths.
bool IsCloneUrl(std::string_view spec);

// The directory under `cache_dir` that mirrors `url` (stable: a hash of the URL plus a readable
// name).
std::string MirrorPath(const std::string& cache_dir, std::string_view url);

struct MirrorResult {
  std::string git_dir;   // the mirror, ready for Repository::OpenGitDir
  bool created = false;  // false: an existing mirror was fetched
};

// Creates or updates the mirror of `url`. A first clone is made in a temporary directory and
// renamed into place, so an interrupted one never leaves a half mirror behind. Refs the remote
// deleted are pruned, as `git fetch --mirror` would.
Result<MirrorResult> UpdateMirror(const std::string& url, const std::string& cache_dir);

}  // namespace ks::git
