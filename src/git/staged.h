// What a commit made now would add: the index compared with HEAD's tree.
//
// Content comes from the index and the object database only, never from the working tree, so
// unstaged edits and untracked files cannot matter. Renames (and copies of files that were
// also modified) are detected, so moving a file does not make its old lines "added".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "git/oid.h"
#include "git/repository.h"
#include "util/result.h"

namespace ks::git {

struct LineRange {
  uint64_t first = 1;  // 1-based line in the staged file
  uint64_t count = 0;
};

struct StagedFile {
  std::string path;  // repository-relative path in the index
  Oid blob;          // the staged content
  // Binary content has no lines to diff: every byte of it counts as added.
  bool binary = false;
  std::vector<LineRange> added;  // ascending, disjoint; empty for binary files
};

// Added, modified, renamed, copied and type-changed files that have added content. Deletions,
// pure renames, submodules and unmerged entries are left out. An unborn HEAD compares
// against the empty tree (a first commit). Fails on a bare repository (no index).
//
// `index_file` names the index to use instead of the repository's own: git points hooks at a
// temporary one (GIT_INDEX_FILE) for `git commit -a` and `git commit <paths>`.
Result<std::vector<StagedFile>> StagedChanges(const Repository& repo,
                                              const std::string& index_file = "");

}  // namespace ks::git
