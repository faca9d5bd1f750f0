// Walking trees for blobs, the two ways a history scan needs:
//  - TreeWalker: every blob reachable from some trees, each blob id once. A tree id already
//    walked is not read again, so a subtree unchanged across commits costs one set lookup.
//  - IntroducedBlobs: the blobs a commit introduced, i.e. those at a path where none of its
//    parents has the same blob. Subtrees equal to a parent's are never read, so the cost
//    follows the size of the change, like `git diff-tree`. Trees are parsed in place
//    (RawTree) and the recently read ones kept (TreeCache): diffing commits in walk order reads
//    each parent's trees just after the child read them as its own.
// Gitlinks (submodules) are skipped by both. Unreadable trees are reported to Diagnostics and
// skipped, and so are trees nested deeper than kMaxTreeDepth and trees that contain themselves
// ("cycle at <id>"). All borrow the Repository and
// Diagnostics; not thread-safe.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "git/oid.h"
#include "git/oid_set.h"
#include "git/raw_tree.h"
#include "git/repository.h"
#include "util/diagnostics.h"

namespace ks::git {

// Both walks recurse once per directory level, and a hostile repository can nest trees tens of
// thousands deep (each a few bytes), which would overflow the stack. Git's own limit
// (core.maxTreeDepth) defaults to the same 4096, so nothing a current git reads is cut off.
constexpr size_t kMaxTreeDepth = 4096;

// `path` is repository-relative ("dir/file"); valid only during the call.
using BlobPathVisitor = std::function<void(std::string_view path, const Oid& blob)>;

class TreeWalker {
 public:
  TreeWalker(const Repository& repo, Diagnostics* diag) : repo_(repo), diag_(diag) {}

  // Visits the blobs under `tree` not visited before; paths start with `prefix`.
  void Walk(const Oid& tree, std::string_view prefix, const BlobPathVisitor& visit);
  // Records `blob` as visited; false when it already was.
  bool MarkBlob(const Oid& blob) { return blobs_.insert(blob); }
  bool SeenBlob(const Oid& blob) const { return blobs_.contains(blob); }
  bool SeenTree(const Oid& tree) const { return trees_.contains(tree); }
  size_t blob_count() const { return blobs_.size(); }

 private:
  // `depth`: how many trees enclose `tree` (0 for a root).
  void WalkInto(const Oid& tree, std::string& path, size_t depth, const BlobPathVisitor& visit);
  void Visit(const RawEntry& e, std::string& path, size_t depth, const BlobPathVisitor& visit);
  // Gitlinks are never looked up, so which set they map to does not matter.
  OidSet& SetFor(EntryKind kind) { return kind == EntryKind::kTree ? trees_ : blobs_; }

  const Repository& repo_;
  Diagnostics* diag_;
  OidSet trees_;
  OidSet blobs_;
  std::vector<Oid> open_;  // the trees enclosing the one being walked, outermost first
};

using SharedTree = std::shared_ptr<const RawTree>;

// Trees read recently, by id, within a memory budget (a direct-mapped table: a new tree
// replaces the one in its slot).
class TreeCache {
 public:
  explicit TreeCache(const Repository& repo) : repo_(repo) {}

  // The tree, read now or earlier; null (with an error naming `path`) when it cannot be read.
  SharedTree Load(const Oid& id, std::string_view path, Diagnostics* diag);

 private:
  static constexpr size_t kSlots = 512;
  static constexpr size_t kBudget = size_t{16} << 20;  // RawTree::memory() of the trees held
  struct Slot {
    Oid id;
    SharedTree tree;
  };
  const Repository& repo_;
  std::array<Slot, kSlots> slots_;
  size_t bytes_ = 0;
};

class IntroducedBlobs {
 public:
  IntroducedBlobs(const Repository& repo, Diagnostics* diag) : cache_(repo), diag_(diag) {}

  // Visits each blob in `tree` that no tree in `parent_trees` has at the same path.
  void Find(const Oid& tree, std::span<const Oid> parent_trees, const BlobPathVisitor& visit);
  // From now on, adds to `trees` every tree Find() walks into (the commit's root tree and each
  // subtree that differs from the parents'), readable or not. Across the diffs of a whole
  // history, that is every tree the history holds. `trees` must outlive this object.
  void RecordTrees(OidSet* trees) { trees_ = trees; }

 private:
  struct Level;
  // `depth`: how many trees enclose `tree` (0 for the root).
  void Walk(const RawTree& tree, const std::vector<SharedTree>& parents, std::string& path,
            size_t depth, const BlobPathVisitor& visit);
  void Subtree(const Level& level, size_t i, std::string& path, size_t depth,
               const BlobPathVisitor& visit);

  TreeCache cache_;
  Diagnostics* diag_;
  OidSet* trees_ = nullptr;
  std::vector<Oid> open_;  // the trees enclosing the one being walked, outermost first
};

// IntroducedBlobs(repo, diag).Find(...), for a single commit.
void ForEachIntroducedBlob(const Repository& repo, const Oid& tree,
                           const std::vector<Oid>& parent_trees, Diagnostics* diag,
                           const BlobPathVisitor& visit);

}  // namespace ks::git
