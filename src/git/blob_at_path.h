// Files as committed: what a path names in a commit's tree, and its bytes. Used to read a
// repository's own settings (`.keysweep.yaml`, `.gitleaksignore`, a baseline, rule files) as
// they stand at a range's base, the side of a range scan that is trusted.
//
// Paths are '/'-separated and relative to the tree's root; "", "." and ".." components are
// errors, never resolved. Only regular files (modes 100644 and 100755) are read: a symbolic link
// is an error (its blob is the link's target, not a file's content), and nothing outside the
// object database is ever touched. Objects come from Repository::Read, so the same rules hold as
// for every object keysweep reads; not thread-safe, like the Repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "git/oid.h"
#include "git/raw_tree.h"
#include "git/repository.h"
#include "util/result.h"

namespace ks::git {

// One entry of a committed tree, owning its name.
struct PathEntry {
  std::string name;
  Oid id;
  uint32_t mode = 0;
  EntryKind kind = EntryKind::kBlob;

  bool regular_file() const { return kind == EntryKind::kBlob && (mode & 0170000) == 0100000; }
};

// What `path` names in the tree of `commit`; nullopt when nothing is there (a missing
// component, or a file where a directory was expected). Errors: a bad path, a missing or
// malformed commit or tree.
Result<std::optional<PathEntry>> LookupPath(const Repository& repo, const Oid& commit,
                                            std::string_view path);

// The bytes of the regular file at `path` in `commit`; nullopt when there is none. A directory,
// a submodule, a symbolic link or a file over `max_size` bytes is an error naming the path.
Result<std::optional<std::string>> ReadBlobAtPath(const Repository& repo, const Oid& commit,
                                                  std::string_view path, uint64_t max_size);

// The entries of the directory `path` in `commit` (tree order); nullopt when there is none.
// `path` "" is the root. A path that names a file is an error.
Result<std::optional<std::vector<PathEntry>>> ListTreeAtPath(const Repository& repo,
                                                             const Oid& commit,
                                                             std::string_view path);

// The bytes of the blob `id`, at most `max_size` of them (larger is an error naming `what`).
Result<std::string> ReadBlobLimited(const Repository& repo, const Oid& id, uint64_t max_size,
                                    std::string_view what);

}  // namespace ks::git
