// DamagedPacks: pack files that cannot be read whole, named before their objects are missed.
//
// libgit2 drops a pack whose trailing checksum does not match its index (a truncated or
// overwritten .pack) without a word, and each object in it then reads as "object not found",
// which says neither where the object was nor why it is gone. This check compares each pack
// in the repository's own object directory with its index (sizes, header and trailing
// checksum; a few bytes of each file, nothing is hashed) so that the run can say which pack is
// damaged. Packs under alternates are not checked, like git::PackOrder.
#pragma once

#include <string>
#include <vector>

#include "git/repository.h"

namespace ks::git {

// One message per damaged or missing pack, naming the file, what is wrong and how many objects
// its index lists; empty when every pack matches its index.
std::vector<std::string> DamagedPacks(const Repository& repo);

}  // namespace ks::git
