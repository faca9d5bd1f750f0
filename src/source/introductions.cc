#include "source/introductions.h"

#include <algorithm>
#include <tuple>

namespace ks {
namespace {

// Compares an entry with a blob id either way round, for std::equal_range.
struct ByBlob {
  bool operator()(const IntroductionTable::Entry& e, const git::Oid& id) const {
    return e.blob < id;
  }
  bool operator()(const git::Oid& id, const IntroductionTable::Entry& e) const {
    return id < e.blob;
  }
};

}  // namespace

void IntroductionTable::Shard::Add(uint32_t commit, std::string_view path, const git::Oid& blob) {
  entries_.push_back(Entry{blob, commit, static_cast<uint32_t>(path.size()), paths_.size()});
  paths_.append(path);
}

void IntroductionTable::Add(std::vector<Shard> shards) {
  for (Shard& s : shards) {
    const uint64_t base = paths_.size();
    for (Entry& e : s.entries_) e.path_offset += base;
    paths_.append(s.paths_);
    entries_.insert(entries_.end(), s.entries_.begin(), s.entries_.end());
    s = Shard();  // frees the shard as soon as it is copied
  }
  std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
    return std::forward_as_tuple(a.blob, a.commit, path(a)) <
           std::forward_as_tuple(b.blob, b.commit, path(b));
  });
}

std::span<const IntroductionTable::Entry> IntroductionTable::Of(const git::Oid& blob) const {
  auto [first, last] = std::equal_range(entries_.begin(), entries_.end(), blob, ByBlob());
  return {first, last};
}

}  // namespace ks
