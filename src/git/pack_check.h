// DamagedPacks: pack files that cannot be read whole, named before their objects are missed.
//
// libgit2 drops a pack whose trailing checksum does not match its index (a truncated or
// overwritten .pack) without a word, and each object in it then reads as "object not found",
// which says neither where the object was nor why it is gone. This check compares each pack
// in the repository's own object directory with its index (sizes, header and trailing
// checksum; a few bytes of each file, nothing is hashed) so that the run can say which pack is
// damaged. Packs under alternates are not checked, like git::PackOrder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "git/repository.h"
#include "git/unsafe_index.h"

namespace ks::git {

// A pack index that libgit2 must never read: one whose fanout claims more objects than the file
// holds, or whose offsets point outside its pack. libgit2 checks the size with 32-bit
// arithmetic that a hostile count wraps, then reads past the end of the mapping (SIGSEGV,
// SIGBUS). Bounded by the files' real sizes; reads the fanout and the offset tables, nothing
// is hashed.
PackIndexes CheckPackIndexes(const std::string& objects_dir);

// The .idx files of a pack directory, sorted; none when it cannot be listed.
std::vector<std::filesystem::path> PackIndexFiles(const std::filesystem::path& pack_dir);

// One message per damaged or missing pack, naming the file, what is wrong and how many objects
// its index lists, after the messages of the unsafe indexes the repository left out (see
// Repository); empty when every pack matches its index.
std::vector<std::string> DamagedPacks(const Repository& repo);

}  // namespace ks::git
