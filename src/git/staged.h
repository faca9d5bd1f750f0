// What a commit made now would add: the index compared with HEAD's tree.
//
// Content comes from the index and the object database only, never from the working tree, so
// unstaged edits and untracked files cannot matter. Renames (and copies of files that were
// also modified) are detected, so moving a file does not make its old lines "added".
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
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

struct StagedOptions {
  std::string index_file;  // as for StagedChanges
  size_t threads = 1;      // files are read and diffed in parallel, each thread on its own handle
  uint64_t max_file_size = std::numeric_limits<uint64_t>::max();
  // Blobs over this are not diffed (that would hold both whole) but handed to
  // StagedCallbacks::large, when it is set.
  uint64_t diff_limit = std::numeric_limits<uint64_t>::max();
};

// Called from worker threads; calls with the same `worker` never overlap. `seq` is the file's
// position in path order, for callers that report in a stable order. `bytes` is the staged
// content, valid during the call.
struct StagedCallbacks {
  std::function<void(const StagedFile& f, std::string_view bytes, size_t worker, size_t seq)> file;
  std::function<void(const std::string& path, uint64_t size)> too_large;  // not read at all
  std::function<void(const std::string& path, const Error& e)> error;  // unreadable file, goes on
  // A blob over StagedOptions::diff_limit, not read: every byte counts as added (binary set,
  // as scanning too much beats missing a key). `repo` is the worker's own handle, to read the
  // blob with. Optional; without it such blobs are diffed.
  std::function<void(const StagedFile& f, const Repository& repo, uint64_t size, size_t worker,
                     size_t seq)>
      large = nullptr;
};

// The same files as StagedChanges, each read once: the staged blob is diffed against the
// original (HEAD's version, or a rename's source) and handed over with its added lines. Fails
// only when the index cannot be compared with HEAD.
Status ForEachStagedFile(const Repository& repo, const StagedOptions& opts,
                         const StagedCallbacks& callbacks);

}  // namespace ks::git
