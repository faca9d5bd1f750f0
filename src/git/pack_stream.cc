#include "git/pack_stream.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "git/handles.h"
#include "git/pack_file_reader.h"

namespace ks::git {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kFanout = 8;                 // after the magic and the version
constexpr uint64_t kTable = kFanout + 256 * 4;  // the first object id

// The object's offset in the pack of index `idx`, when the index lists it.
std::optional<uint64_t> FindOffset(const std::string& idx, const Oid& id) {
  const PackFileReader file(idx);
  std::array<unsigned char, 8 + 256 * 4> head{};
  if (!file.ReadAt(0, head.data(), head.size())) return std::nullopt;
  if (Be32(head.data()) != 0xff744f63 || Be32(head.data() + 4) != 2) return std::nullopt;
  const uint8_t first = id.bytes[0];
  const uint64_t n = Be32(head.data() + kFanout + 255 * 4);
  uint64_t lo = first == 0 ? 0 : Be32(head.data() + kFanout + (first - 1) * 4);
  uint64_t hi = Be32(head.data() + kFanout + first * 4);
  while (lo < hi && hi <= n) {
    const uint64_t mid = lo + (hi - lo) / 2;
    std::array<uint8_t, Oid::kSize> got{};
    if (!file.ReadAt(kTable + mid * Oid::kSize, got.data(), got.size())) break;
    if (got == id.bytes) {
      unsigned char off[8];
      if (!file.ReadAt(kTable + n * 24 + mid * 4, off, 4)) break;
      const uint32_t small = Be32(off);
      if ((small & 0x80000000u) == 0) return small;
      if (!file.ReadAt(kTable + n * 28 + uint64_t{small & 0x7fffffffu} * 8, off, 8)) {
        break;
      }
      return Be64(off);
    }
    if (got < id.bytes) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

int PackType(ObjectType t) {
  switch (t) {
    case ObjectType::kCommit:
      return 1;
    case ObjectType::kTree:
      return 2;
    case ObjectType::kBlob:
      return 3;
    case ObjectType::kTag:
      return 4;
    case ObjectType::kOther:
      break;
  }
  return -1;
}

}  // namespace

struct PackStream::State {
  explicit State(const std::string& pack) : file(pack) {}

  PackFileReader file;
  uint64_t pos = 0;   // the next compressed byte to read
  uint64_t left = 0;  // inflated bytes still to deliver
  z_stream z{};
  bool z_open = false;
  std::vector<unsigned char> in = std::vector<unsigned char>(size_t{64} << 10);

  ~State() {
    if (z_open) inflateEnd(&z);
  }

  // Parses the entry header at `offset`: true when it is a whole object of `type` and `size`.
  bool Enter(uint64_t offset, int type, uint64_t size) {
    unsigned char h[16];
    if (offset >= file.size()) return false;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof(h), file.size() - offset));
    if (!file.ReadAt(offset, h, n)) return false;
    uint64_t got = h[0] & 15;
    size_t i = 0;
    for (int shift = 4; (h[i] & 0x80) != 0; shift += 7) {
      if (++i >= n || shift > 57) return false;
      got |= uint64_t{h[i] & 0x7fu} << shift;
    }
    if (((h[0] >> 4) & 7) != type || got != size) return false;
    pos = offset + i + 1;
    left = size;
    z_open = inflateInit(&z) == Z_OK;
    return z_open;
  }
};

std::optional<PackStream> PackStream::Open(const Repository& repo, const Oid& id, ObjectType type,
                                           uint64_t size) {
  for (const std::string& idx : repo.pack_indexes().safe) {
    const auto offset = FindOffset(idx, id);
    if (!offset) continue;
    auto s = std::make_unique<State>(fs::path(idx).replace_extension(".pack").string());
    if (!s->file.ok() || !s->Enter(*offset, PackType(type), size)) return std::nullopt;
    return PackStream(std::move(s));
  }
  return std::nullopt;
}

PackStream::PackStream(std::unique_ptr<State> s) : s_(std::move(s)) {}
PackStream::PackStream(PackStream&&) noexcept = default;
PackStream& PackStream::operator=(PackStream&&) noexcept = default;
PackStream::~PackStream() = default;

Result<size_t> PackStream::Read(char* dst, size_t n) {
  State& s = *s_;
  const auto want = static_cast<uInt>(std::min<uint64_t>({n, s.left, UINT32_MAX}));
  if (want == 0) return size_t{0};
  s.z.next_out = reinterpret_cast<Bytef*>(dst);
  s.z.avail_out = want;
  while (s.z.avail_out == want) {
    if (s.z.avail_in == 0) {
      const ssize_t got = s.file.ReadSome(s.pos, s.in.data(), s.in.size());
      if (got <= 0) return MakeError(ErrorKind::kRepository, "the pack ends inside an object");
      s.pos += static_cast<uint64_t>(got);
      s.z.next_in = s.in.data();
      s.z.avail_in = static_cast<uInt>(got);
    }
    const int rc = inflate(&s.z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END && s.z.avail_out != 0 && want - s.z.avail_out < s.left) {
      return MakeError(ErrorKind::kRepository, "a packed object is shorter than its header says");
    }
    if (rc != Z_OK && rc != Z_STREAM_END) {
      return MakeError(ErrorKind::kRepository, "a packed object does not inflate");
    }
    if (rc == Z_STREAM_END) break;
  }
  const size_t produced = want - s.z.avail_out;
  s.left -= produced;
  return produced;
}

}  // namespace ks::git
