#include "git/tree.h"

#include <fmt/format.h>

#include "git/handles.h"

namespace ks::git {
namespace {

EntryKind KindOf(const git_tree_entry* e) {
  switch (git_tree_entry_filemode(e)) {
    case GIT_FILEMODE_TREE:
      return EntryKind::kTree;
    case GIT_FILEMODE_COMMIT:
      return EntryKind::kGitlink;
    default:
      return EntryKind::kBlob;
  }
}

TreeEntry ToEntry(const git_tree_entry* e) {
  return TreeEntry{git_tree_entry_name(e), FromGit(*git_tree_entry_id(e)), KindOf(e)};
}

}  // namespace

void Tree::Free::operator()(git_tree* t) const { git_tree_free(t); }

Result<Tree> Tree::Lookup(const Repository& repo, const Oid& id) {
  const git_oid gid = ToGit(id);
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, Raw(repo), &gid) != 0)
    return LastError(fmt::format("tree {}", id.Hex()));
  Tree t;
  t.tree_.reset(raw);
  return t;
}

size_t Tree::size() const { return git_tree_entrycount(tree_.get()); }

TreeEntry Tree::entry(size_t i) const { return ToEntry(git_tree_entry_byindex(tree_.get(), i)); }

Oid Tree::id(size_t i) const {
  return FromGit(*git_tree_entry_id(git_tree_entry_byindex(tree_.get(), i)));
}

EntryKind Tree::kind(size_t i) const { return KindOf(git_tree_entry_byindex(tree_.get(), i)); }

std::vector<size_t> Tree::MatchIn(const Tree& other) const {
  std::vector<size_t> match(size(), kNoMatch);
  const size_t n = size(), m = other.size();
  for (size_t i = 0, j = 0; i < n && j < m;) {
    const int cmp = git_tree_entry_cmp(git_tree_entry_byindex(tree_.get(), i),
                                       git_tree_entry_byindex(other.tree_.get(), j));
    if (cmp == 0) match[i] = j;
    if (cmp <= 0) ++i;
    if (cmp >= 0) ++j;
  }
  return match;
}

}  // namespace ks::git
