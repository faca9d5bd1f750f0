#include "git/raw_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace ks::git {
namespace {

// Git writes modes in octal; like git, only the file-type bits decide what an entry is
// (040000: a directory, 0160000: a gitlink), so an odd mode such as 040755 is still a directory.
EntryKind KindOfMode(uint32_t mode) {
  switch (mode & 0170000) {
    case 040000:
      return EntryKind::kTree;
    case 0160000:
      return EntryKind::kGitlink;
    default:
      return EntryKind::kBlob;
  }
}

// Real modes have six octal digits; more could only overflow.
constexpr ptrdiff_t kMaxModeDigits = 7;

// One entry, "<octal mode> <name>\0<20-byte id>", starting at `p`; advances `p` past it.
// False when the bytes do not hold a whole, well-formed entry; like git, an empty name is
// malformed too.
bool ParseEntry(const char*& p, const char* end, RawEntry* out) {
  uint32_t mode = 0;
  const char* q = p;
  for (; q < end && *q >= '0' && *q <= '7' && q - p < kMaxModeDigits; ++q) {
    mode = mode * 8 + (*q - '0');
  }
  if (q == p || q == end || *q != ' ') return false;
  const char* name = q + 1;
  const auto* nul = static_cast<const char*>(std::memchr(name, '\0', end - name));
  if (nul == nullptr || nul == name || end - (nul + 1) < static_cast<ptrdiff_t>(Oid::kSize)) {
    return false;
  }
  out->name = std::string_view(name, nul - name);
  out->id = reinterpret_cast<const uint8_t*>(nul + 1);
  out->mode = mode;
  out->kind = KindOfMode(mode);
  p = nul + 1 + Oid::kSize;
  return true;
}

}  // namespace

int CompareEntries(const RawEntry& a, const RawEntry& b) {
  const size_t n = std::min(a.name.size(), b.name.size());
  if (const int c = std::memcmp(a.name.data(), b.name.data(), n); c != 0) return c;
  auto next = [n](const RawEntry& e) -> unsigned char {
    if (n < e.name.size()) return static_cast<unsigned char>(e.name[n]);
    return e.kind == EntryKind::kTree ? '/' : '\0';
  };
  const unsigned char ca = next(a), cb = next(b);
  return (ca > cb) - (ca < cb);
}

Result<std::vector<RawEntry>> RawTree::Parse(std::string_view bytes) {
  std::vector<RawEntry> entries;
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    RawEntry e;
    if (!ParseEntry(p, end, &e)) {
      return MakeError(ErrorKind::kRepository,
                       fmt::format("malformed entry at byte {}", p - bytes.data()));
    }
    entries.push_back(e);
  }
  return entries;
}

Result<RawTree> RawTree::Read(const Repository& repo, const Oid& id) {
  auto object = repo.Read(id);
  if (!object.ok()) return object.error();
  if (object->type() != ObjectType::kTree) {
    return MakeError(ErrorKind::kRepository, fmt::format("object {}: not a tree", id.Hex()));
  }
  auto entries = Parse(object->data());
  if (!entries.ok()) {
    return MakeError(ErrorKind::kRepository,
                     fmt::format("tree {}: {}", id.Hex(), entries.error().message));
  }
  return RawTree(std::move(object).value(), std::move(entries).value());
}

std::vector<size_t> RawTree::MatchIn(const RawTree& other) const {
  std::vector<size_t> match(size(), kNoMatch);
  const size_t n = size(), m = other.size();
  for (size_t i = 0, j = 0; i < n && j < m;) {
    const int cmp = CompareEntries(entries_[i], other.entries_[j]);
    if (cmp == 0) match[i] = j;
    if (cmp <= 0) ++i;
    if (cmp >= 0) ++j;
  }
  return match;
}

}  // namespace ks::git
