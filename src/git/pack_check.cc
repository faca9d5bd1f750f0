#include "git/pack_check.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <vector>

#include "git/handles.h"
#include "git/pack_file_reader.h"

namespace ks::git {
namespace {

namespace fs = std::filesystem;

// Index (v1 and v2) layout: [magic and version, v2 only], a 256-entry fanout whose last entry is
// the object count, ..., then the pack's checksum and the index's own. A pack: "PACK", version,
// object count, the objects, then its checksum.
constexpr uint8_t kIndexMagic[4] = {0xff, 't', 'O', 'c'};
constexpr off_t kIndexV2Header = 8;
constexpr off_t kFanoutSize = 256 * 4;
constexpr off_t kIndexTrailer = 2 * Oid::kSize;
constexpr off_t kPackHeaderSize = 12;
constexpr char kPackMagic[4] = {'P', 'A', 'C', 'K'};

using Checksum = std::array<uint8_t, Oid::kSize>;

// What an index says about its pack.
struct IndexFacts {
  uint32_t count = 0;
  Checksum pack_checksum{};
};

// Nothing for an index that cannot be read or is too short to hold a fanout and a trailer:
// libgit2 ignores such a pack altogether and its objects are reported one by one.
std::optional<IndexFacts> ReadIndexFacts(const fs::path& idx_path) {
  const PackFileReader idx(idx_path);
  if (!idx.ok()) return std::nullopt;
  const auto size = static_cast<off_t>(idx.size());
  uint8_t magic[4] = {};
  if (size < kIndexV2Header || !idx.ReadAt(0, magic, sizeof(magic))) return std::nullopt;
  const off_t fanout = std::memcmp(magic, kIndexMagic, sizeof(magic)) == 0 ? kIndexV2Header : 0;
  if (size < fanout + kFanoutSize + kIndexTrailer) return std::nullopt;
  IndexFacts facts;
  uint8_t count[4] = {};
  if (!idx.ReadAt(fanout + kFanoutSize - 4, count, sizeof(count)) ||
      !idx.ReadAt(size - kIndexTrailer, facts.pack_checksum.data(), Oid::kSize)) {
    return std::nullopt;
  }
  facts.count = Be32(count);
  return facts;
}

// What is wrong with the pack next to an index, or nothing.
std::optional<std::string> PackProblem(const fs::path& pack_path, const IndexFacts& idx) {
  const PackFileReader pack(pack_path);
  if (!pack.ok()) return fmt::format("cannot open it: {}", std::strerror(errno));
  const auto size = static_cast<off_t>(pack.size());
  if (size < kPackHeaderSize + static_cast<off_t>(Oid::kSize)) {
    return fmt::format("truncated to {} bytes", std::max<off_t>(size, 0));
  }
  uint8_t header[kPackHeaderSize] = {};
  Checksum trailer{};
  if (!pack.ReadAt(0, header, sizeof(header)) ||
      !pack.ReadAt(size - static_cast<off_t>(Oid::kSize), trailer.data(), trailer.size())) {
    return fmt::format("cannot read it: {}", std::strerror(errno));
  }
  if (std::memcmp(header, kPackMagic, sizeof(kPackMagic)) != 0) return "not a pack file";
  if (const uint32_t count = Be32(header + 8); count != idx.count) {
    return fmt::format("it holds {} objects where its index lists {}", count, idx.count);
  }
  if (trailer != idx.pack_checksum) {
    return fmt::format(
        "truncated or overwritten: {} bytes, and its trailing checksum does not "
        "match its index",
        size);
  }
  return std::nullopt;
}

// The layout an index of `count` objects must have, computed the way libgit2 checks it but in
// 64 bits: libgit2 1.5 multiplies the count in 32 bits, so a fanout that claims four billion
// objects wraps to a size that passes, and its lookups then read far past the mapped file.
struct IndexLayout {
  bool v2 = false;
  uint64_t count = 0;
  uint64_t offsets = 0;      // where the 4-byte offsets begin
  uint64_t large = 0;        // where the 8-byte offsets begin (v2)
  uint64_t large_count = 0;  // how many 8-byte offsets the file holds (v2)
};

std::optional<std::string> LayoutProblem(off_t size, IndexLayout* layout) {
  const uint64_t n = layout->count;
  const uint64_t file = static_cast<uint64_t>(size);
  if (!layout->v2) {
    layout->offsets = kFanoutSize;
    if (file == kFanoutSize + n * 24 + kIndexTrailer) return std::nullopt;
    return fmt::format("its fanout claims {} objects, which {} bytes cannot hold", n, file);
  }
  layout->offsets = kIndexV2Header + kFanoutSize + n * (Oid::kSize + 4);
  layout->large = layout->offsets + n * 4;
  const uint64_t min = layout->large + kIndexTrailer;
  const uint64_t max = min + (n == 0 ? 0 : (n - 1) * 8);
  if (file < min || file > max || (file - min) % 8 != 0) {
    return fmt::format("its fanout claims {} objects, which {} bytes cannot hold", n, file);
  }
  layout->large_count = (file - min) / 8;
  return std::nullopt;
}

// Fanout counts never decrease; the last is the object count.
std::optional<std::string> ReadFanout(const PackFileReader& idx, IndexLayout* layout) {
  std::array<uint8_t, kFanoutSize> fanout{};
  if (!idx.ReadAt(layout->v2 ? kIndexV2Header : 0, fanout.data(), fanout.size())) {
    return "cannot read its fanout";
  }
  uint32_t last = 0;
  for (size_t i = 0; i < 256; ++i) {
    const uint32_t n = Be32(fanout.data() + 4 * i);
    if (n < last) return "its fanout is not sorted";
    last = n;
  }
  layout->count = last;
  return std::nullopt;
}

// Every object's offset inside the pack: between the header and the trailer, and every large
// offset an entry of the large-offset table the file really holds.
std::optional<std::string> OffsetProblem(const PackFileReader& idx, const IndexLayout& layout,
                                         off_t pack_size) {
  const size_t stride = layout.v2 ? 4 : 24;
  std::vector<uint8_t> table(layout.count * stride);
  std::vector<uint8_t> large(layout.large_count * 8);
  if (!idx.ReadAt(layout.offsets, table.data(), table.size()) ||
      !idx.ReadAt(layout.large, large.data(), large.size())) {
    return "cannot read its offsets";
  }
  const uint64_t end = static_cast<uint64_t>(pack_size) - Oid::kSize;
  for (size_t i = 0; i < layout.count; ++i) {
    uint64_t offset = Be32(table.data() + i * stride);
    if (layout.v2 && (offset & 0x80000000u) != 0) {
      const uint64_t k = offset & 0x7fffffffu;
      if (k >= layout.large_count) return fmt::format("object {} names a large offset it lacks", i);
      offset = Be64(large.data() + k * 8);
    }
    if (offset < kPackHeaderSize || offset >= end) {
      return fmt::format("object {} is placed at {}, outside the {}-byte pack", i, offset,
                         pack_size);
    }
  }
  return std::nullopt;
}

// Why libgit2 must not read this index, or nothing. An index libgit2 refuses on its own (too
// small, an unknown version) is not unsafe: it is left for libgit2 to ignore.
std::optional<std::string> IndexProblem(const fs::path& idx_path, const fs::path& pack_path) {
  const PackFileReader idx(idx_path);
  const off_t size = idx.ok() ? static_cast<off_t>(idx.size()) : -1;
  uint8_t magic[8] = {};
  if (size < kFanoutSize + kIndexTrailer || !idx.ReadAt(0, magic, sizeof(magic))) {
    return std::nullopt;
  }
  IndexLayout layout;
  layout.v2 = std::memcmp(magic, kIndexMagic, sizeof(kIndexMagic)) == 0;
  if (layout.v2 && Be32(magic + 4) != 2) return std::nullopt;
  if (auto problem = ReadFanout(idx, &layout)) return problem;
  if (auto problem = LayoutProblem(size, &layout)) return problem;
  const PackFileReader pack(pack_path);
  const off_t pack_size = pack.ok() ? static_cast<off_t>(pack.size()) : -1;
  // A pack that does not match its index (truncated, overwritten) libgit2 drops by itself, and
  // DamagedPacks names it: its offsets are then no danger.
  const auto facts = ReadIndexFacts(idx_path);
  if (!facts || PackProblem(pack_path, *facts)) return std::nullopt;
  return OffsetProblem(idx, layout, pack_size);
}

}  // namespace

std::vector<fs::path> PackIndexFiles(const fs::path& pack_dir) {
  std::vector<fs::path> indexes;
  std::error_code ec;
  for (fs::directory_iterator it(pack_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".idx") indexes.push_back(it->path());
  }
  std::sort(indexes.begin(), indexes.end());
  return indexes;
}

PackIndexes CheckPackIndexes(const std::string& objects_dir) {
  PackIndexes out;
  for (const fs::path& idx_path : PackIndexFiles(fs::path(objects_dir) / "pack")) {
    const fs::path pack_path = fs::path(idx_path).replace_extension(".pack");
    if (auto problem = IndexProblem(idx_path, pack_path)) {
      out.unsafe.push_back(
          {idx_path.string(),
           fmt::format("{}: damaged pack index, {}; the objects of {} are not read",
                       idx_path.string(), *problem, pack_path.filename().string())});
    } else {
      out.safe.push_back(idx_path.string());
    }
  }
  return out;
}

std::vector<std::string> DamagedPacks(const Repository& repo) {
  std::vector<std::string> damaged;
  for (const UnsafeIndex& u : repo.pack_indexes().unsafe) damaged.push_back(u.message);
  for (const fs::path idx_path : repo.pack_indexes().safe) {
    const auto idx = ReadIndexFacts(idx_path);
    if (!idx) continue;
    const fs::path pack_path = fs::path(idx_path).replace_extension(".pack");
    std::error_code ec;
    // A pack that vanished with its index was removed by a concurrent `git gc`: not damage.
    if (!fs::exists(pack_path, ec) && !fs::exists(idx_path, ec)) continue;
    if (auto problem = PackProblem(pack_path, *idx)) {
      damaged.push_back(
          fmt::format("{}: damaged pack, {}; the {} objects its index lists cannot "
                      "be read",
                      pack_path.string(), *problem, idx->count));
    }
  }
  return damaged;
}

}  // namespace ks::git
