#include "git/pack_order.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "git/alternates.h"
#include "git/handles.h"
#include "git/pack_check.h"
#include "git/pack_file_reader.h"

namespace ks::git {
namespace {

// Index v2 layout: header, fanout, then per object its id, CRC and 31-bit offset (or, with the
// top bit set, an index into the table of 64-bit offsets), then two trailing checksums.
constexpr size_t kHeaderSize = 8;
constexpr size_t kFanoutSize = 256 * 4;
constexpr size_t kIdsStart = kHeaderSize + kFanoutSize;
constexpr size_t kTrailerSize = 2 * Oid::kSize;
constexpr uint8_t kMagic[4] = {0xff, 't', 'O', 'c'};
constexpr uint32_t kLargeOffset = 0x80000000u;
constexpr int kPackShift = 48;
constexpr uint64_t kOffsetMask = (uint64_t{1} << kPackShift) - 1;
constexpr size_t kMaxPacks = 0xffff;  // pack numbers below kUnknown's top bits

size_t OffsetsStart(uint32_t count) { return kIdsStart + size_t{count} * (Oid::kSize + 4); }

// Reads `size` bytes at `offset`; false on any short read.
bool ReadAt(std::ifstream& in, uint64_t offset, void* out, size_t size) {
  in.seekg(static_cast<std::streamoff>(offset));
  return static_cast<bool>(in.read(static_cast<char*>(out), static_cast<std::streamsize>(size)));
}

// Index entries read at a time: 96 KiB of ids and offsets.
constexpr uint32_t kChunk = 4096;

namespace fs = std::filesystem;

// The object directory and those it borrows from through alternates, each once, in the order
// libgit2 searches them.
void CollectObjectDirs(const fs::path& dir, int depth, std::vector<fs::path>* out) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(dir, ec);
  if (ec || std::find(out->begin(), out->end(), canonical) != out->end()) return;
  out->push_back(canonical);
  if (depth == kMaxAlternateDepth) return;
  for (const fs::path& alt : AlternateDirs(canonical)) CollectObjectDirs(alt, depth + 1, out);
}

// Index files of every pack the repository reads, its own first; each directory's sorted so
// that the order is stable.
std::vector<fs::path> IndexFiles(const Repository& repo) {
  std::vector<fs::path> dirs;
  CollectObjectDirs(fs::path(git_repository_commondir(Raw(repo))) / "objects", 0, &dirs);
  std::vector<fs::path> files;
  for (const fs::path& dir : dirs) {
    const std::vector<fs::path> here = PackIndexFiles(dir / "pack");
    files.insert(files.end(), here.begin(), here.end());
  }
  return files;
}

}  // namespace

PackOrder PackOrder::Open(const Repository& repo) {
  PackOrder order;
  for (const auto& file : IndexFiles(repo)) {
    if (order.packs_.size() == kMaxPacks) break;
    Index idx;
    if (ReadHeader(file, &idx)) order.packs_.push_back(std::move(idx));
  }
  return order;
}

bool PackOrder::ReadHeader(const fs::path& file, Index* out) {
  std::error_code ec;
  const uint64_t size = fs::file_size(file, ec);
  std::ifstream in(file, std::ios::binary);
  uint8_t head[kIdsStart];
  if (ec || !in || size < kIdsStart + kTrailerSize || !ReadAt(in, 0, head, sizeof(head))) {
    return false;
  }
  if (std::memcmp(head, kMagic, sizeof(kMagic)) != 0 || Be32(head + 4) != 2) return false;
  const uint32_t count = Be32(head + kIdsStart - 4);  // the last fanout entry
  const uint64_t small_end = OffsetsStart(count) + uint64_t{count} * 4;
  if (size < small_end + kTrailerSize) return false;
  *out = Index{file, count, (size - small_end - kTrailerSize) / 8, {}};
  for (size_t b = 0; b < 256; ++b) {
    out->fanout[b] = Be32(head + kHeaderSize + b * 4);
    if (out->fanout[b] > count || (b > 0 && out->fanout[b] < out->fanout[b - 1])) return false;
  }
  return true;
}

void PackOrder::Positions(std::span<const Oid* const> ids, std::span<uint64_t> positions) const {
  std::fill(positions.begin(), positions.end(), kUnknown);
  for (size_t p = 0; p < packs_.size(); ++p) Merge(packs_[p], p, ids, positions);
}

namespace {

// One pass over an index file's id and offset tables, a chunk of each at a time.
class IndexCursor {
 public:
  IndexCursor(const fs::path& file, uint32_t count, uint64_t large_count)
      : in_(file, std::ios::binary), count_(count), large_count_(large_count) {}

  // Loads the entries from `first` on; false at the end or on a read error.
  bool Load(uint32_t first) {
    first_ = first;
    size_ = std::min(kChunk, count_ - std::min(first, count_));
    if (size_ == 0) return false;
    ids_.resize(size_t{size_} * Oid::kSize);
    offsets_.resize(size_t{size_} * 4);
    return ReadAt(in_, kIdsStart + uint64_t{first} * Oid::kSize, ids_.data(), ids_.size()) &&
           ReadAt(in_, OffsetsStart(count_) + uint64_t{first} * 4, offsets_.data(),
                  offsets_.size());
  }
  uint32_t size() const { return size_; }
  uint32_t next() const { return first_ + size_; }
  const uint8_t* id(uint32_t i) { return ids_.data() + size_t{i} * Oid::kSize; }
  // The pack offset of loaded entry i; kUnknown for a 64-bit entry outside the file.
  uint64_t Offset(uint32_t i) {
    const uint32_t v = Be32(offsets_.data() + size_t{i} * 4);
    if (!(v & kLargeOffset)) return v;
    uint8_t large[8];
    const uint64_t at =
        OffsetsStart(count_) + uint64_t{count_} * 4 + uint64_t{v & ~kLargeOffset} * 8;
    if ((v & ~kLargeOffset) >= large_count_ || !ReadAt(in_, at, large, sizeof(large))) {
      return PackOrder::kUnknown;
    }
    return Be64(large);
  }

 private:
  std::ifstream in_;
  uint32_t count_;
  uint64_t large_count_;
  uint32_t first_ = 0;
  uint32_t size_ = 0;
  std::vector<uint8_t> ids_;
  std::vector<uint8_t> offsets_;
};

}  // namespace

// Both lists are sorted by id, so one forward pass over each pairs them up. Each chunk starts no
// earlier than the fanout allows for the next id, so a few ids cost a few chunks.
void PackOrder::Merge(const Index& idx, uint64_t pack, std::span<const Oid* const> ids,
                      std::span<uint64_t> positions) {
  IndexCursor cursor(idx.file, idx.count, idx.large_count);
  size_t i = 0;
  for (uint32_t at = 0; i < ids.size(); at = cursor.next()) {
    if (!cursor.Load(std::max(at, idx.FirstWithByte(ids[i]->bytes[0])))) break;
    for (uint32_t j = 0; j < cursor.size() && i < ids.size();) {
      const int c = std::memcmp(ids[i]->bytes.data(), cursor.id(j), Oid::kSize);
      if (c > 0) {
        ++j;
        continue;
      }
      if (c == 0 && positions[i] == kUnknown) {
        const uint64_t offset = cursor.Offset(j);
        if (offset != kUnknown) positions[i] = (pack << kPackShift) | std::min(offset, kOffsetMask);
      }
      ++i;  // not in this pack (c < 0), or placed; an equal next id meets entry j again
    }
  }
}

}  // namespace ks::git
