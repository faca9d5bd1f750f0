// Tree: one parsed tree object (RAII over libgit2's git_tree); the Repository must outlive it.
// Entries are in git's tree order. Not thread-safe (see repository.h).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "git/oid.h"
#include "git/repository.h"
#include "util/result.h"

struct git_tree;

namespace ks::git {

enum class EntryKind {
  kBlob,     // a file or a symbolic link
  kTree,     // a directory
  kGitlink,  // a submodule: a commit in another repository, never read
};

struct TreeEntry {
  std::string_view name;  // valid while the Tree lives
  Oid id;
  EntryKind kind = EntryKind::kBlob;
};

class Tree {
 public:
  static Result<Tree> Lookup(const Repository& repo, const Oid& id);

  size_t size() const;
  TreeEntry entry(size_t i) const;
  // Parts of entry(i), for loops that mostly need only these.
  Oid id(size_t i) const;
  EntryKind kind(size_t i) const;
  static constexpr size_t kNoMatch = static_cast<size_t>(-1);
  // For each entry here, the index in `other` of the entry with the same name and the same
  // kind of thing (directory or not), or kNoMatch. Linear, because both trees are sorted in
  // git's order; comparing two versions of a directory this way beats a lookup per entry.
  std::vector<size_t> MatchIn(const Tree& other) const;

 private:
  Tree() = default;
  struct Free {
    void operator()(git_tree* t) const;
  };
  std::unique_ptr<git_tree, Free> tree_;
};

}  // namespace ks::git
