#include "git/tree_walk.h"

#include <fmt/format.h>

#include <optional>

#include "git/tree.h"

namespace ks::git {
namespace {

std::optional<Tree> LoadTree(const Repository& repo, const Oid& id, std::string_view path,
                             Diagnostics* diag) {
  auto tree = Tree::Lookup(repo, id);
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

// One directory of a commit's tree next to the same directory in each parent.
struct Level {
  const Tree& tree;
  const std::vector<Tree>& parents;
  std::vector<std::vector<size_t>> matches;  // per parent: Tree::MatchIn

  Level(const Tree& t, const std::vector<Tree>& ps) : tree(t), parents(ps) {
    for (const Tree& p : parents) matches.push_back(tree.MatchIn(p));
  }

  bool AnyParentHas(size_t i, const Oid& id) const {
    for (size_t p = 0; p < parents.size(); ++p) {
      const size_t j = matches[p][i];
      if (j != Tree::kNoMatch && parents[p].id(j) == id) return true;
    }
    return false;
  }
};

struct IntroducedWalk {
  const Repository& repo;
  Diagnostics* diag;
  const BlobPathVisitor& visit;

  // `depth`: how many trees enclose `tree` (0 for the root).
  void Walk(const Tree& tree, const std::vector<Tree>& parents, std::string& path, size_t depth);
  void Subtree(const Level& level, size_t i, const Oid& id, std::string& path, size_t depth);
};

void IntroducedWalk::Walk(const Tree& tree, const std::vector<Tree>& parents, std::string& path,
                          size_t depth) {
  const Level level(tree, parents);
  const size_t base = path.size();
  for (size_t i = 0; i < tree.size(); ++i) {
    const EntryKind kind = tree.kind(i);
    const Oid id = tree.id(i);
    if (kind == EntryKind::kGitlink || level.AnyParentHas(i, id)) continue;
    path.append(tree.entry(i).name);
    if (kind == EntryKind::kBlob) {
      visit(path, id);
    } else {
      path.push_back('/');
      Subtree(level, i, id, path, depth + 1);
    }
    path.resize(base);
  }
}

// Compares the subtree with the directories the parents have at the same path; a parent with
// a file (or nothing) there contributes nothing, so everything below is new relative to it.
void IntroducedWalk::Subtree(const Level& level, size_t i, const Oid& id, std::string& path,
                             size_t depth) {
  if (!DepthAllowed(id, path, depth, diag)) return;
  auto tree = LoadTree(repo, id, path, diag);
  if (!tree) return;
  std::vector<Tree> sub;
  for (size_t p = 0; p < level.parents.size(); ++p) {
    const size_t j = level.matches[p][i];
    if (j == Tree::kNoMatch) continue;
    if (auto t = LoadTree(repo, level.parents[p].id(j), path, diag)) sub.push_back(std::move(*t));
  }
  Walk(*tree, sub, path, depth);
}

}  // namespace

void TreeWalker::Walk(const Oid& tree, std::string_view prefix, const BlobPathVisitor& visit) {
  if (!trees_.insert(tree)) return;
  std::string path(prefix);
  WalkInto(tree, path, 0, visit);
}

void TreeWalker::WalkInto(const Oid& id, std::string& path, size_t depth,
                          const BlobPathVisitor& visit) {
  if (!DepthAllowed(id, path, depth, diag_)) return;
  auto tree = LoadTree(repo_, id, path, diag_);
  if (!tree) return;
  const size_t n = tree->size();
  std::vector<std::pair<Oid, EntryKind>> entries(n);
  for (size_t i = 0; i < n; ++i) {
    entries[i] = {tree->id(i), tree->kind(i)};
    SetFor(entries[i].second).Prefetch(entries[i].first);
  }
  for (size_t i = 0; i < n; ++i) {
    const auto& [entry_id, kind] = entries[i];
    if (kind != EntryKind::kGitlink && SetFor(kind).insert(entry_id)) {
      Visit(tree->entry(i), path, depth, visit);
    }
  }
}

// A new entry: report a blob, descend into a tree.
void TreeWalker::Visit(const TreeEntry& e, std::string& path, size_t depth,
                       const BlobPathVisitor& visit) {
  const size_t base = path.size();
  path.append(e.name);
  if (e.kind == EntryKind::kBlob) {
    visit(path, e.id);
  } else {
    path.push_back('/');
    WalkInto(e.id, path, depth + 1, visit);
  }
  path.resize(base);
}

void ForEachIntroducedBlob(const Repository& repo, const Oid& tree,
                           const std::vector<Oid>& parent_trees, Diagnostics* diag,
                           const BlobPathVisitor& visit) {
  for (const Oid& p : parent_trees) {
    if (p == tree) return;  // same snapshot as a parent: nothing new
  }
  std::string path;
  auto root = LoadTree(repo, tree, path, diag);
  if (!root) return;
  std::vector<Tree> parents;
  for (const Oid& p : parent_trees) {
    if (auto t = LoadTree(repo, p, path, diag)) parents.push_back(std::move(*t));
  }
  IntroducedWalk{repo, diag, visit}.Walk(*root, parents, path, 0);
}

}  // namespace ks::git
