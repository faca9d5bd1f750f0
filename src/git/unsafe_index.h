// UnsafeIndex: a pack index that libgit2 must never read, and why (see git/pack_check.h, which
// finds them, and git::Repository, which leaves their packs out of its object database).
#pragma once

#include <string>

namespace ks::git {

struct UnsafeIndex {
  std::string idx_path;
  std::string message;  // names the index, what is wrong, and that its pack is not read
};

}  // namespace ks::git
