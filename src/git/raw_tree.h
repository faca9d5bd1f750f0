// RawTree: one tree object's entries, parsed in place from the object's bytes; every tree
// keysweep reads goes through it.
//
// A history diff visits tens of millions of tree entries (git/git holds 2.6 GB of trees).
// libgit2's git_tree allocates an entry array per tree and answers every question through a
// library call; here one pass over the bytes fills a vector of views, and comparing two trees
// never leaves this file. Owns the bytes the views point into; movable, not copyable. Not
// thread-safe, like the Repository it is read from.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "git/oid.h"
#include "git/repository.h"
#include "util/result.h"

namespace ks::git {

enum class EntryKind {
  kBlob,     // a file or a symbolic link
  kTree,     // a directory
  kGitlink,  // a submodule: a commit in another repository, never read
};

struct RawEntry {
  std::string_view name;
  const uint8_t* id;  // Oid::kSize bytes inside the tree object
  uint32_t mode;      // as written, e.g. 0100644
  EntryKind kind;

  Oid oid() const {
    Oid out;
    std::memcpy(out.bytes.data(), id, Oid::kSize);
    return out;
  }
  bool SameId(const RawEntry& other) const { return std::memcmp(id, other.id, Oid::kSize) == 0; }
};

// Git's tree order: by name, as if a directory's name ended in '/'. 0 means the same name and
// the same kind of thing (directory or not).
int CompareEntries(const RawEntry& a, const RawEntry& b);

class RawTree {
 public:
  // Fails when the object is missing, is not a tree, or is malformed.
  static Result<RawTree> Read(const Repository& repo, const Oid& id);
  // Parses `bytes` (a tree object's content) without owning them; for tests and fuzzing.
  static Result<std::vector<RawEntry>> Parse(std::string_view bytes);

  size_t size() const { return entries_.size(); }
  const RawEntry& operator[](size_t i) const { return entries_[i]; }
  // Memory held: the object's bytes and the entry views.
  size_t memory() const { return object_.data().size() + entries_.capacity() * sizeof(RawEntry); }

  static constexpr size_t kNoMatch = static_cast<size_t>(-1);
  // For each entry here, the index in `other` of the entry with the same name and the same kind
  // of thing, or kNoMatch: one linear merge, since both are in tree order.
  std::vector<size_t> MatchIn(const RawTree& other) const;

 private:
  RawTree(RawObject object, std::vector<RawEntry> entries)
      : object_(std::move(object)), entries_(std::move(entries)) {}

  RawObject object_;
  std::vector<RawEntry> entries_;
};

}  // namespace ks::git
