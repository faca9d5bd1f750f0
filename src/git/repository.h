// Repository: one opened git repository and its object database (RAII over libgit2).
//
// Only libgit2 ever touches the repository: nothing here runs git, hooks, filters, textconv or
// anything else the repository's configuration names, and objects are read raw from the object
// database (never through filters). Strict hash verification is off: keysweep reads objects to
// scan them, not to vouch for them, and hashing every blob twice would dominate history scans.
//
// Thread safety: a Repository and everything read through it (Commit, Tree, RawObject) belongs
// to one thread at a time. Threads that read in parallel each open their own Repository with
// OpenGitDir(git_dir()); libgit2 shares pack files between them internally.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "git/oid.h"
#include "git/unsafe_index.h"
#include "util/result.h"

struct git_repository;
struct git_odb;
struct git_odb_object;

namespace ks::git {

enum class ObjectType { kCommit, kTree, kBlob, kTag, kOther };

struct ObjectHeader {
  ObjectType type = ObjectType::kOther;
  uint64_t size = 0;
};

// The bytes of one object as stored (no filters applied). Owns them; movable, not copyable.
class RawObject {
 public:
  std::string_view data() const;
  ObjectType type() const;

 private:
  friend class Repository;
  struct Free {
    void operator()(git_odb_object* obj) const;
  };
  std::unique_ptr<git_odb_object, Free> obj_;
};

class Repository {
 public:
  // Finds the repository containing `start` the way git does (walking up through parent
  // directories; a bare repository, a `.git` directory, or a linked worktree's `.git` file).
  static Result<Repository> Discover(const std::string& start);
  // Opens exactly `git_dir` (a value of git_dir()), without searching.
  static Result<Repository> OpenGitDir(const std::string& git_dir);

  Repository(Repository&&) noexcept = default;
  Repository& operator=(Repository&&) noexcept = default;
  ~Repository() = default;

  bool bare() const;
  // The repository's own git directory (for a linked worktree, its private one).
  const std::string& git_dir() const { return git_dir_; }
  // True when the repository was cloned shallow: history stops at shallow_roots().
  bool shallow() const { return !shallow_roots_.empty(); }
  // Commits whose parents were cut off by a shallow clone (from the `shallow` file).
  const std::unordered_set<Oid, OidHash>& shallow_roots() const { return shallow_roots_; }

  // The repository's own pack indexes, as checked when it was opened: the unsafe ones (libgit2
  // would read past their end, see git/pack_check.h; usually none) are left out of the object
  // database, each with the message that says so.
  const PackIndexes& pack_indexes() const { return packs_; }

  Result<ObjectHeader> ReadHeader(const Oid& id) const;
  // The id, when `hex` names a commit present in the object database (a state file's commits may
  // have been pruned since).
  std::optional<Oid> FindCommit(std::string_view hex) const;
  // A loose blob is checked against its id (hash verification is otherwise off, see above):
  // libgit2 pads a truncated loose object with zeros up to the size its header claims, and
  // loose objects are few, new, and the ones a crash or a bad copy damages.
  Result<RawObject> Read(const Oid& id) const;
  // Calls `visit` with the id of every object the repository itself stores, loose or packed (an
  // id in several packs may repeat). Alternates are left out: they are another repository's
  // objects, and a hostile `objects/info/alternates` could otherwise make that repository's
  // keys look like this one's. Objects of alternates that this repository's commits reach
  // are still read through the walk. Stops early when `visit` returns false.
  Status ForEachObjectId(const std::function<bool(const Oid&)>& visit) const;

 private:
  struct FreeRepository {
    void operator()(git_repository* repo) const;
  };
  struct FreeOdb {
    void operator()(git_odb* odb) const;
  };
  static Result<Repository> Adopt(git_repository* raw);
  friend git_repository* Raw(const Repository& repo);

  Repository() = default;
  std::unique_ptr<git_repository, FreeRepository> repo_;
  std::unique_ptr<git_odb, FreeOdb> odb_;
  std::string git_dir_;
  std::unordered_set<Oid, OidHash> shallow_roots_;
  PackIndexes packs_;  // as checked when the repository was opened
  // The loose objects' ids, sorted; listed on the first Read() of a blob.
  mutable std::optional<std::vector<Oid>> loose_;
  bool IsLoose(const Oid& id) const;
};

// For a phase that reads objects scattered over the packs (the history diff: trees and their
// delta bases), a larger budget of mapped pack windows than the default (kDefault below),
// restored when this goes out of scope. libgit2 keeps the budget process-wide and closes the
// least recently used window when a new one would exceed it; with two diff workers resolving
// delta chains in different parts of a pack, the default's two windows were remapped so often
// that munmap (and the TLB shootdowns it sends the other core) cost more than inflating.
// Mapped pages count in RSS, so the budget is a fixed addition to peak memory, whatever the
// size of the repository. Not thread-safe: make and drop it while no thread reads a repository.
class PackMappingScope {
 public:
  static constexpr size_t kDefault = size_t{32} << 20;  // what EnsureLibgit2() sets
  explicit PackMappingScope(size_t bytes);
  ~PackMappingScope();
  PackMappingScope(const PackMappingScope&) = delete;
  PackMappingScope& operator=(const PackMappingScope&) = delete;
};

// libgit2's repository handle, for the implementation files of src/git only.
git_repository* Raw(const Repository& repo);

}  // namespace ks::git
