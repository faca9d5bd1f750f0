#include "history/provenance.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace ks {
namespace {

auto GroupKey(const PlacedFinding& c) { return std::tie(c.finding->rule, c.finding->secret); }

auto OrderKey(const PlacedFinding& c) {
  const Finding& f = *c.finding;
  return std::make_tuple(c.time, c.generation, c.commit(), c.path(), f.line, f.column,
                         std::string_view(f.rule));
}

bool SamePlace(const PlacedFinding& a, const PlacedFinding& b) {
  return a.commit() == b.commit() && a.path() == b.path();
}

}  // namespace

void SetCommit(Finding* f, const CommitInfo& c) {
  f->commit = c.id;
  f->author = c.author;
  f->email = c.email;
  f->date = c.date;
}

std::vector<std::string> BlobIds(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const Finding& f : findings) {
    if (f.blob) ids.push_back(*f.blob);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::optional<std::string_view> PlacedFinding::commit() const {
  if (introduction) return introduction->commit.id;
  if (finding->commit) return *finding->commit;
  return std::nullopt;
}

Finding Place(const PlacedFinding& c) {
  Finding f = *c.finding;
  if (c.introduction) {
    f.path = c.introduction->path;
    SetCommit(&f, c.introduction->commit);
  }
  return f;
}

void Expand(const Finding& f, const IntroductionsByBlob& intros, std::vector<PlacedFinding>* out) {
  auto it = f.blob ? intros.find(*f.blob) : intros.end();
  if (it == intros.end()) return out->push_back(PlacedFinding{&f});
  for (const Introduction& in : it->second) {
    out->push_back(PlacedFinding{&f, &in, in.commit.time, in.commit.generation});
  }
}

std::vector<PlacedFinding> SelectPlaces(std::vector<PlacedFinding> all, size_t max) {
  std::sort(all.begin(), all.end(), [](const PlacedFinding& a, const PlacedFinding& b) {
    return std::tuple_cat(GroupKey(a), OrderKey(a)) < std::tuple_cat(GroupKey(b), OrderKey(b));
  });
  size_t kept = 0;
  size_t in_group = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const PlacedFinding& c = all[i];
    const bool same_group = kept > 0 && GroupKey(all[kept - 1]) == GroupKey(c);
    if (!same_group) in_group = 0;
    const bool same_place = same_group && SamePlace(all[kept - 1], c);
    if (same_place || (max > 0 && in_group >= max)) continue;
    ++in_group;
    all[kept++] = c;
  }
  all.resize(kept);
  std::sort(all.begin(), all.end(), [](const PlacedFinding& a, const PlacedFinding& b) {
    return OrderKey(a) < OrderKey(b);
  });
  return all;
}

std::vector<Finding> SelectProvenance(std::vector<PlacedFinding> all, size_t max) {
  std::vector<Finding> out;
  for (const PlacedFinding& c : SelectPlaces(std::move(all), max)) out.push_back(Place(c));
  return out;
}

}  // namespace ks
