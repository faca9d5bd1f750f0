// UnsafeIndex: a pack index that libgit2 must never read, and why; PackIndexes: the indexes of
// an object directory, sorted into those libgit2 may read and those it must not (see
// git/pack_check.h, which sorts them, and git::Repository, which keeps the result and leaves the
// unsafe packs out of its object database).
#pragma once

#include <string>
#include <vector>

namespace ks::git {

struct UnsafeIndex {
  std::string idx_path;
  std::string message;  // names the index, what is wrong, and that its pack is not read
};

struct PackIndexes {
  std::vector<std::string> safe;  // paths, sorted
  std::vector<UnsafeIndex> unsafe;
};

}  // namespace ks::git
