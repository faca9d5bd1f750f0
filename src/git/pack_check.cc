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

#include "git/handles.h"
#include "util/unique_fd.h"

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

uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// A file opened read-only, closed when it goes out of scope.
class File {
 public:
  explicit File(const fs::path& p) : fd_(::open(p.c_str(), O_RDONLY | O_CLOEXEC)) {}

  bool ok() const { return fd_.valid(); }
  off_t size() const {
    struct stat st {};
    return ::fstat(fd_.get(), &st) == 0 ? st.st_size : -1;
  }
  // Exactly `n` bytes at `offset`; false on an error or a short file.
  bool ReadAt(off_t offset, void* out, size_t n) const {
    return ::pread(fd_.get(), out, n, offset) == static_cast<ssize_t>(n);
  }

 private:
  UniqueFd fd_;
};

// What an index says about its pack.
struct IndexFacts {
  uint32_t count = 0;
  Checksum pack_checksum{};
};

// Nothing for an index that cannot be read or is too short to hold a fanout and a trailer:
// libgit2 ignores such a pack altogether and its objects are reported one by one.
std::optional<IndexFacts> ReadIndexFacts(const fs::path& idx_path) {
  const File idx(idx_path);
  if (!idx.ok()) return std::nullopt;
  const off_t size = idx.size();
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
  const File pack(pack_path);
  if (!pack.ok()) return fmt::format("cannot open it: {}", std::strerror(errno));
  const off_t size = pack.size();
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

}  // namespace

std::vector<std::string> DamagedPacks(const Repository& repo) {
  std::vector<fs::path> indexes;
  std::error_code ec;
  const fs::path dir = fs::path(git_repository_commondir(Raw(repo))) / "objects" / "pack";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".idx") indexes.push_back(it->path());
  }
  std::sort(indexes.begin(), indexes.end());
  std::vector<std::string> damaged;
  for (const fs::path& idx_path : indexes) {
    const auto idx = ReadIndexFacts(idx_path);
    if (!idx) continue;
    const fs::path pack_path = fs::path(idx_path).replace_extension(".pack");
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
