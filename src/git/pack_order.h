// PackOrder: where objects sit in a repository's pack files, read from the packs' `.idx` files
// (version 2, see git's Documentation/gitformat-pack.txt), to read many objects in pack order.
//
// Git writes a delta's base before the delta and keeps a delta family together, so reading
// blobs sorted by pack position lets libgit2's delta-base cache serve each base to the deltas
// that follow it, instead of inflating whole delta chains again for every blob.
//
// Only the order is taken from here: objects are still read through libgit2. The index files
// are streamed front to back in small chunks, merged with the caller's sorted ids, so memory
// stays at a few hundred KiB whatever the pack's size (holding a 2-million-object index took
// 56 MiB, more than any other table of a history scan). Packs borrowed
// through alternates (`git clone --shared` or `--reference`) count too, as git follows them (at
// most 5 deep). Index files that are missing, unreadable or in another format are ignored;
// their objects (like loose ones) get kUnknown and sort last. Immutable after Open(), so one
// PackOrder may be used from any number of threads.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "git/oid.h"
#include "git/repository.h"

namespace ks::git {

class PackOrder {
 public:
  // Sorts after every real position.
  static constexpr uint64_t kUnknown = UINT64_MAX;

  // Finds the index of every pack in the repository's object directory and its alternates, and
  // checks each one's header; the rest is read by Positions().
  static PackOrder Open(const Repository& repo);

  // positions[i] = the sort key of ids[i]: the pack (in Open() order) in the top 16 bits, the
  // object's byte offset in that pack below; kUnknown when no index lists it. `ids` must be in
  // ascending order and `positions` as long. Reads each index file once.
  void Positions(std::span<const Oid* const> ids, std::span<uint64_t> positions) const;

  size_t pack_count() const { return packs_.size(); }

 private:
  struct Index {
    std::filesystem::path file;
    uint32_t count = 0;        // objects listed
    uint64_t large_count = 0;  // entries in the 64-bit offset table
    // fanout[b]: the entries whose id starts with a byte <= b. Lets a merge with few ids skip
    // to where each one could be instead of reading the whole table.
    std::array<uint32_t, 256> fanout{};
    uint32_t FirstWithByte(uint8_t b) const { return b == 0 ? 0 : fanout[b - 1]; }
  };
  static bool ReadHeader(const std::filesystem::path& file, Index* out);
  static void Merge(const Index& idx, uint64_t pack, std::span<const Oid* const> ids,
                    std::span<uint64_t> positions);

  std::vector<Index> packs_;
};

}  // namespace ks::git
