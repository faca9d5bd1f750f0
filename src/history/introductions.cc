#include "history/introductions.h"

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
  entries_.push_back(Entry{blob, commit, paths_.Intern(path)});
}

void IntroductionTable::Add(std::vector<Shard> shards) {
  size_t total = entries_.size();
  for (const Shard& s : shards) total += s.entries_.size();
  entries_.reserve(total);  // exactly: growing by doubling could hold twice the table
  for (Shard& s : shards) {
    std::vector<uint32_t> ids(s.paths_.size());  // the shard's path ids in the table's pool
    for (uint32_t i = 0; i < ids.size(); ++i) ids[i] = paths_.Intern(s.paths_.at(i));
    for (; !s.entries_.empty(); s.entries_.pop_front()) {  // each emptied block is freed
      const Entry& e = s.entries_.front();
      entries_.push_back(Entry{e.blob, e.commit, ids[e.path]});
    }
    s = Shard();  // its path pool
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
