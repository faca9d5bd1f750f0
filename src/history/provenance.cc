#include "history/provenance.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace ks {
namespace {

auto GroupKey(const PlacedFinding& c) { return std::tie(c.finding.rule, c.finding.secret); }

auto OrderKey(const PlacedFinding& c) {
  const Finding& f = c.finding;
  return std::tie(c.time, c.generation, f.commit, f.path, f.line, f.column, f.rule);
}

bool SamePlace(const Finding& a, const Finding& b) {
  return a.commit == b.commit && a.path == b.path;
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

void Expand(const Finding& f, const IntroductionsByBlob& intros, std::vector<PlacedFinding>* out) {
  auto it = f.blob ? intros.find(*f.blob) : intros.end();
  if (it == intros.end()) return out->push_back(PlacedFinding{f});
  for (const Introduction& in : it->second) {
    PlacedFinding c{f, in.commit.time, in.commit.generation};
    c.finding.path = in.path;
    SetCommit(&c.finding, in.commit);
    out->push_back(std::move(c));
  }
}

std::vector<Finding> SelectProvenance(std::vector<PlacedFinding> all, size_t max) {
  std::sort(all.begin(), all.end(), [](const PlacedFinding& a, const PlacedFinding& b) {
    return std::tuple_cat(GroupKey(a), OrderKey(a)) < std::tuple_cat(GroupKey(b), OrderKey(b));
  });
  std::vector<PlacedFinding> kept;
  size_t in_group = 0;
  for (PlacedFinding& c : all) {
    const bool same_group = !kept.empty() && GroupKey(kept.back()) == GroupKey(c);
    if (!same_group) in_group = 0;
    const bool same_place = same_group && SamePlace(kept.back().finding, c.finding);
    if (same_place || (max > 0 && in_group >= max)) continue;
    ++in_group;
    kept.push_back(std::move(c));
  }
  std::sort(kept.begin(), kept.end(), [](const PlacedFinding& a, const PlacedFinding& b) {
    return OrderKey(a) < OrderKey(b);
  });
  std::vector<Finding> out;
  for (PlacedFinding& c : kept) out.push_back(std::move(c.finding));
  return out;
}

}  // namespace ks
