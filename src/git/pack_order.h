// PackOrder: where objects sit in a repository's pack files, read from the packs' `.idx` files
// (version 2, see git's Documentation/gitformat-pack.txt), to read many objects in pack order.
//
// Git writes a delta's base before the delta and keeps a delta family together, so reading
// blobs sorted by pack position lets libgit2's delta-base cache serve each base to the deltas
// that follow it, instead of inflating whole delta chains again for every blob.
//
// Only the order is taken from here: objects are still read through libgit2. Packs borrowed
// through alternates (`git clone --shared` or `--reference`) count too, as git follows them (at
// most 5 deep). Index files that are missing, unreadable or in another format are ignored;
// their objects (like loose ones) get kUnknown and sort last. Immutable after Load(), so one
// PackOrder may be read from any number of threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "git/oid.h"
#include "git/repository.h"

namespace ks::git {

class PackOrder {
 public:
  // Sorts after every real position.
  static constexpr uint64_t kUnknown = UINT64_MAX;

  // Reads the index of every pack in the repository's object directory and its alternates.
  static PackOrder Load(const Repository& repo);

  // A sort key for `id`: the pack (in load order) in the top 16 bits, the object's byte offset
  // in that pack below; kUnknown when no loaded index lists it.
  uint64_t Position(const Oid& id) const;

  size_t pack_count() const { return packs_.size(); }

 private:
  // One `.idx` file, held in memory. Its layout was checked by Parse().
  struct Index {
    std::vector<uint8_t> bytes;
    uint32_t count = 0;
  };
  static bool Parse(std::vector<uint8_t> bytes, Index* out);
  static uint64_t Offset(const Index& idx, uint32_t i);
  static bool Find(const Index& idx, const Oid& id, uint32_t* pos);

  std::vector<Index> packs_;
};

}  // namespace ks::git
