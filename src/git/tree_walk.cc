#include "git/tree_walk.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace ks::git {
namespace {

// The tree, or nullopt after reporting why it cannot be read (naming `path` when it has one).
std::optional<RawTree> LoadTree(const Repository& repo, const Oid& id, std::string_view path,
                                Diagnostics* diag) {
  auto tree = RawTree::Read(repo, id);
  if (tree.ok()) return std::move(tree).value();
  diag->Error(path.empty() ? tree.error().message
                           : fmt::format("{} (directory '{}')", tree.error().message, path));
  return std::nullopt;
}

// False (with an error) when `tree` at `path` is nested too deep to walk: the recursion below
// must stay far from the end of the stack, whatever the repository holds.
bool DepthAllowed(const Oid& tree, std::string_view path, size_t depth, Diagnostics* diag) {
  if (depth <= kMaxTreeDepth) return true;
  constexpr size_t kShownPath = 120;  // the whole path is kMaxTreeDepth directories long
  diag->Error(fmt::format(
      "tree {}: nested more than {} directories deep, not scanned (directory '{}{}')", tree.Hex(),
      kMaxTreeDepth, path.substr(0, kShownPath), path.size() > kShownPath ? "…" : ""));
  return false;
}

// True (with an error) when `tree` is one of the trees that enclose it, `open`: a tree cannot
// contain itself in a repository git wrote, since its id hashes its entries, but a forged object
// can, and the walk must neither loop nor pass the cycle over in silence.
bool IsCycle(const Oid& tree, std::span<const Oid> open, std::string_view path, Diagnostics* diag) {
  if (std::find(open.begin(), open.end(), tree) == open.end()) return false;
  diag->Error(
      fmt::format("cycle at {}: the tree contains itself (directory '{}'), not scanned below",
                  tree.Hex(), path));
  return true;
}

}  // namespace

// One directory of a commit's tree next to the same directory in each parent.
struct IntroducedBlobs::Level {
  const RawTree& tree;
  const std::vector<SharedTree>& parents;
  std::vector<std::vector<size_t>> matches;  // per parent: RawTree::MatchIn

  Level(const RawTree& t, const std::vector<SharedTree>& ps) : tree(t), parents(ps) {
    for (const SharedTree& p : parents) matches.push_back(tree.MatchIn(*p));
  }

  bool AnyParentHas(size_t i) const {
    for (size_t p = 0; p < parents.size(); ++p) {
      const size_t j = matches[p][i];
      if (j != RawTree::kNoMatch && (*parents[p])[j].SameId(tree[i])) return true;
    }
    return false;
  }
};

SharedTree TreeCache::Load(const Oid& id, std::string_view path, Diagnostics* diag) {
  Slot& slot = slots_[OidHash()(id) % kSlots];
  if (slot.tree && slot.id == id) return slot.tree;
  auto tree = LoadTree(repo_, id, path, diag);
  if (!tree) return nullptr;
  auto shared = std::make_shared<const RawTree>(std::move(*tree));
  if (slot.tree) bytes_ -= slot.tree->memory();
  slot.tree.reset();
  if (bytes_ + shared->memory() <= kBudget) {
    slot = Slot{id, shared};
    bytes_ += shared->memory();
  }
  return shared;
}

void IntroducedBlobs::Find(const Oid& tree, std::span<const Oid> parent_trees,
                           const BlobPathVisitor& visit) {
  for (const Oid& p : parent_trees) {
    if (p == tree) return;  // same snapshot as a parent: nothing new
  }
  std::string path;
  if (trees_ != nullptr) trees_->insert(tree);  // met, even if unreadable (reported here)
  SharedTree root = cache_.Load(tree, path, diag_);
  if (!root) return;
  std::vector<SharedTree> parents;
  for (const Oid& p : parent_trees) {
    if (SharedTree t = cache_.Load(p, path, diag_)) parents.push_back(std::move(t));
  }
  open_.assign(1, tree);
  Walk(*root, parents, path, 0, visit);
}

void IntroducedBlobs::Walk(const RawTree& tree, const std::vector<SharedTree>& parents,
                           std::string& path, size_t depth, const BlobPathVisitor& visit) {
  const Level level(tree, parents);
  const size_t base = path.size();
  for (size_t i = 0; i < tree.size(); ++i) {
    const RawEntry& e = tree[i];
    if (e.kind == EntryKind::kGitlink || level.AnyParentHas(i)) continue;
    path.append(e.name);
    if (e.kind == EntryKind::kBlob) {
      visit(path, e.oid());
    } else {
      path.push_back('/');
      Subtree(level, i, path, depth + 1, visit);
    }
    path.resize(base);
  }
}

// Compares the subtree with the directories the parents have at the same path; a parent with
// a file (or nothing) there contributes nothing, so everything below is new relative to it.
void IntroducedBlobs::Subtree(const Level& level, size_t i, std::string& path, size_t depth,
                              const BlobPathVisitor& visit) {
  const Oid id = level.tree[i].oid();
  if (!DepthAllowed(id, path, depth, diag_) || IsCycle(id, open_, path, diag_)) return;
  if (trees_ != nullptr) trees_->insert(id);
  SharedTree tree = cache_.Load(id, path, diag_);
  if (!tree) return;
  std::vector<SharedTree> sub;
  for (size_t p = 0; p < level.parents.size(); ++p) {
    const size_t j = level.matches[p][i];
    if (j == RawTree::kNoMatch) continue;
    if (SharedTree t = cache_.Load((*level.parents[p])[j].oid(), path, diag_)) {
      sub.push_back(std::move(t));
    }
  }
  open_.push_back(id);
  Walk(*tree, sub, path, depth, visit);
  open_.pop_back();
}

void TreeWalker::Walk(const Oid& tree, std::string_view prefix, const BlobPathVisitor& visit) {
  if (!trees_.insert(tree)) return;
  std::string path(prefix);
  open_.clear();
  WalkInto(tree, path, 0, visit);
}

void TreeWalker::WalkInto(const Oid& id, std::string& path, size_t depth,
                          const BlobPathVisitor& visit) {
  if (!DepthAllowed(id, path, depth, diag_)) return;
  auto tree = LoadTree(repo_, id, path, diag_);
  if (!tree) return;
  for (size_t i = 0; i < tree->size(); ++i) SetFor((*tree)[i].kind).Prefetch((*tree)[i].oid());
  open_.push_back(id);
  for (size_t i = 0; i < tree->size(); ++i) {
    const RawEntry& e = (*tree)[i];
    if (e.kind == EntryKind::kGitlink) continue;
    if (SetFor(e.kind).insert(e.oid())) {
      Visit(e, path, depth, visit);
    } else if (e.kind == EntryKind::kTree) {
      IsCycle(e.oid(), open_, path, diag_);  // seen before is fine, unless it encloses itself
    }
  }
  open_.pop_back();
}

// A new entry: report a blob, descend into a tree.
void TreeWalker::Visit(const RawEntry& e, std::string& path, size_t depth,
                       const BlobPathVisitor& visit) {
  const size_t base = path.size();
  path.append(e.name);
  if (e.kind == EntryKind::kBlob) {
    visit(path, e.oid());
  } else {
    path.push_back('/');
    WalkInto(e.oid(), path, depth + 1, visit);
  }
  path.resize(base);
}

void ForEachIntroducedBlob(const Repository& repo, const Oid& tree,
                           const std::vector<Oid>& parent_trees, Diagnostics* diag,
                           const BlobPathVisitor& visit) {
  IntroducedBlobs(repo, diag).Find(tree, parent_trees, visit);
}

}  // namespace ks::git
