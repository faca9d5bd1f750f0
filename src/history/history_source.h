// HistorySource: every blob in a repository's history, each exactly once, plus every commit
// message, for `keysweep history`.
//
// How it works:
//  1. The calling thread walks the commits (newest first), scans their messages and adds them
//     with their trees and parent links to a git::CommitGraph, which is all the diff needs
//     (the walk's own sets are dropped before it, unless --all-objects walks again).
//  2. `threads` workers, each with its own repository handle, diff each listed commit's tree
//     with its parents' trees (git::IntroducedBlobs; unchanged subtrees are never read)
//     and record every introduction: a blob at a path where no parent has it. Every blob the
//     history holds is introduced somewhere, so this one pass both finds the blobs to read and
//     attributes them (IntroductionTable); nothing walks the history a second time.
//  3. `threads` workers read the blobs raw from the object database in pack order
//     (git::PackOrder), claiming small runs of consecutive blobs: a delta's base comes just
//     before it, so libgit2's delta-base cache serves it instead of inflating the delta chain
//     again. A blob's bytes live only while it is being visited.
// Attribute() then looks the blobs with findings up in the introductions.
//
// With --all-objects, the diff of step 2 also records every tree it meets; the objects that are
// neither walked commits, nor such trees, nor introduced blobs are unreached. Only those get a
// header read: dangling commits are then walked and diffed like tips (steps 1 and 2 again), and
// blobs that no commit introduces are read at their id.
//
// With exclusions (ranges), the same holds for the walked commits only: their parents outside the
// range still count when deciding what a commit introduced.
//
// Problems with single objects (missing, corrupt) are reported to Diagnostics and the scan goes
// on; a damaged pack file is named once, before the errors for the objects it held. Not
// thread-safe itself: Run() and Attribute() must be called from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "git/commit_graph.h"
#include "git/commit_walk.h"
#include "git/oid.h"
#include "git/oid_set.h"
#include "git/refs.h"
#include "git/repository.h"
#include "git/tree_walk.h"
#include "history/introductions.h"
#include "source/source.h"
#include "util/diagnostics.h"
#include "util/result.h"

namespace ks {

// The options every source takes (threads, max_file_size, progress: on_total with the number of
// blobs about to be read, on_item per blob), plus the history's own.
struct HistoryOptions : SourceOptions {
  std::string repo = ".";            // any directory inside the repository
  std::vector<std::string> include;  // revisions to walk from; empty: every reference and HEAD
  std::vector<std::string> exclude;  // revisions whose history is left out (makes a range)
  // Also every object in the object database that the walk did not reach (dangling commits
  // are walked like tips; lone blobs get their id as path). Not with a range.
  bool all_objects = false;
  // Incremental re-scans (--state): commits whose whole history an earlier run scanned (hidden
  // from the walk when they still exist; ignored when they do not), the tips its references
  // peeled to (sorted by ref_target; see git::AllTips), and blobs it already read (never read
  // again; null: none). With known commits the walk works like a range.
  std::vector<git::KnownCommit> known_commits;  // sorted by id
  std::vector<git::Tip> known_tips;
  std::function<bool(const git::Oid&)> known_blob;
  // Keep the ids of the blobs read for scanned_blobs() (--state, runs over several
  // repositories): 20 bytes a blob that other runs need not hold.
  bool record_scanned = false;
  // Progress of the walk (optional): after each commit it visits, on the thread that called
  // Run().
  std::function<void()> on_commit;
};

// One commit, as reported with a finding.
struct CommitInfo {
  std::string id;  // 40 hex digits
  std::string author;
  std::string email;
  std::string date;  // author date, ISO 8601 UTC
  int64_t time = 0;  // committer time, for ordering
  // For ordering commits with equal times: an ancestor's is smaller. Set by Attribute() only.
  uint64_t generation = 0;
};

// A commit that has a blob at `path` where none of its parents does.
struct Introduction {
  CommitInfo commit;
  std::string path;
};

struct HistoryVisitors {
  // Each walked commit's message, on the thread that called Run(). The Blob's path is
  // MessagePath(commit.id) and its oid is empty.
  std::function<void(const Blob& blob, const CommitInfo& commit)> message;
  // Each blob, once, on the reader workers; BlobContext::seq is its position in pack order.
  BlobVisitor blob;
};

// The path reported for a finding in a commit message: "commit:<id>".
std::string MessagePath(std::string_view commit_id);

class HistorySource {
 public:
  // Opens the repository and resolves the revisions; fails with a message for the user.
  static Result<HistorySource> Open(HistoryOptions opts, Diagnostics* diag);

  // True when the clone is shallow: older history is not there to scan.
  bool shallow() const { return repo_.shallow(); }

  // Walks and scans everything once; problems with single objects go to Diagnostics. Starts a
  // worker for each 16 commits to diff and each 64 blobs to read, up to `threads` (a small
  // re-scan needs only the calling thread's handle); workers whose handle cannot be opened are
  // left out, so the scan still runs with one.
  Status Run(const HistoryVisitors& visitors);

  // For each of `blob_ids` (40-hex), its introductions among the commits Run() walked, oldest
  // first (committer time, then generation), at most `max_per_blob` each (0: all). Reads only
  // the commits named, so it is cheap for the few blobs that produced findings. Blobs no walked
  // commit introduced (lone dangling blobs, blobs a reference names directly) are absent from
  // the result.
  std::unordered_map<std::string, std::vector<Introduction>> Attribute(
      const std::vector<std::string>& blob_ids, size_t max_per_blob);

  // A blob introduced at a path, with the blob's id (40-hex).
  struct PathIntroduction {
    Introduction at;
    std::string blob;
  };
  // Every introduction among the commits Run() walked at a path `select` accepts, oldest first
  // (as Attribute()). Looks at each entry of the table once: for the few paths of a repository's
  // own settings (config-changed in range scans), not per finding.
  std::vector<PathIntroduction> IntroductionsAt(
      const std::function<bool(std::string_view path)>& select);

  // The generation of a commit Run() walked (0 for others), to order findings in commit
  // messages with those in blobs.
  uint64_t Generation(std::string_view commit_id);

  const SourceStats& stats() const { return stats_; }

  // The commits the walk started from, with their times, for a state file's known_commits
  // (reads only those not among HistoryOptions::known_commits).
  std::vector<git::KnownCommit> CommitTips() const;
  // What the references named, peeled (see git::AllTips); empty for a walk of named revisions.
  const std::vector<git::Tip>& tips() const { return tips_; }
  // Every blob Run() read or skipped as too large (not those it could not read); empty unless
  // HistoryOptions::record_scanned.
  const std::vector<git::Oid>& scanned_blobs() const { return scanned_; }
  const git::Repository& repository() const { return repo_; }

 private:
  class CommitLister;
  class BlobList;
  class BlobReader;
  // Commits walked together: graph_'s indices [first, end).
  struct Walked {
    uint32_t first = 0;
    uint32_t end = 0;
    size_t size() const { return end - first; }
  };

  // One repository handle per worker (util/parallel_for.h): repo_ itself when one worker is
  // enough (the calling thread is that worker), else handles of their own; as many as could be
  // opened, at least one. Movable: `handles` point into `own`, whose elements never move with it.
  struct WorkerRepositories {
    std::vector<git::Repository> own;
    std::vector<const git::Repository*> handles;
  };

  HistorySource(HistoryOptions opts, git::Repository repo, Diagnostics* diag);
  Status ResolveTips();
  bool ranged() const { return !excluded_.empty(); }
  // Hides the excluded revisions and pushes the commit tips (not dangling commits).
  void PrepareWalk(git::CommitWalk& walk) const;
  // Every introduction by `commits` (numbered from `commits.first` in the table), per worker;
  // errors go to `diag` (thread-safe). With `trees`, each worker also records the trees it
  // walked into in (*trees)[worker].
  std::vector<IntroductionTable::Shard> FindIntroductions(Walked commits, Diagnostics* diag,
                                                          std::vector<git::OidSet>* trees);
  void Diff(Walked commits, Diagnostics* diag, std::vector<git::OidSet>* trees);
  // A commit message over max_file_size: counted, reported and listed.
  void SkipMessage(SkippedItem item);
  // Reads the trees of the parents that graph_.Link() left outside the graph since last time.
  void ResolveOutsideTrees();
  // The trees of the parents of graph_'s commit `index` (unreadable ones left out).
  void ParentTrees(uint32_t index, std::vector<git::Oid>* trees) const;
  std::vector<git::Oid> FindUnreached(const CommitLister& lister,
                                      const std::vector<git::OidSet>& trees);
  void Classify(const git::Oid& id, std::vector<git::Oid>* dangling);
  // Each blob to read once, with a path: see Run().
  void CollectBlobs(BlobList& blobs);
  // Step 3 of Run(): reads and visits `blobs` on the workers.
  void ReadBlobs(BlobList& blobs, const HistoryVisitors& visitors);
  void RecordScanned(const BlobList& blobs);
  // Handles for at most opts_.threads workers, one for each `chunk` of `items`.
  WorkerRepositories OpenWorkers(size_t items, size_t chunk) const;
  const CommitInfo* Describe(uint32_t index, std::unordered_map<uint32_t, CommitInfo>* cache);

  HistoryOptions opts_;
  git::Repository repo_;
  Diagnostics* diag_;
  std::vector<git::Tip> tips_;
  std::vector<git::Oid> excluded_;
  std::vector<git::Oid> dangling_commits_;  // found by --all-objects, walked like tips
  std::vector<git::Oid> lone_blobs_;        // blobs --all-objects found unreached by the tips
  // The walked commits, filled by Run(); a commit's index here is its IntroductionTable index.
  git::CommitGraph graph_;
  std::vector<git::Oid> outside_trees_;  // the tree of each of graph_.outside(); zero: unreadable
  IntroductionTable introductions_;
  SourceStats stats_;
  std::vector<git::Oid> scanned_;
};

}  // namespace ks
