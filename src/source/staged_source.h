// StagedSource: what `git commit` would record now, for `keysweep staged` (a pre-commit hook).
//
// Each added, modified, renamed or copied file in the index is visited once with its whole
// staged content (read from the object database, never the working tree) and the lines the
// commit adds to it. Scanning the whole blob keeps line numbers those of the staged file; the
// caller keeps only findings that start on an added line. Binary files count as wholly added.
// Deletions, unchanged lines, submodules, unstaged edits and untracked files never reach the
// visitor. Files are read and diffed on `threads` threads; the visitor is told which worker
// calls it and the file's position in path order. One StagedSource per run; Diagnostics must be
// thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "git/repository.h"
#include "git/staged.h"
#include "source/added_lines.h"
#include "source/source.h"
#include "util/diagnostics.h"
#include "util/result.h"

namespace ks {

class StagedSource {
 public:
  // Opens the repository containing `repo_dir` (searching upward like git). `index_file`, if
  // not empty, is the index to read instead of the repository's (see git/staged.h).
  static Result<StagedSource> Open(const std::string& repo_dir, const std::string& index_file,
                                   const SourceOptions& opts, Diagnostics* diag);

  // Fails when the index cannot be compared with HEAD; a staged blob that cannot be read is
  // reported to Diagnostics and skipped. A blob over a chunk (source/blob.h) is not diffed,
  // which would hold it whole: it is streamed, and all of its lines count as added (a key
  // already committed in a big file is then reported again when the file changes).
  // Each staged file, with BlobContext::added set to the lines the commit adds.
  Status Run(const BlobVisitor& visit);
  SourceStats stats() const;

  const git::Repository& repository() const { return repo_; }

 private:
  StagedSource(git::Repository repo, git::StagedOptions opts, Diagnostics* diag)
      : repo_(std::move(repo)), opts_(std::move(opts)), diag_(diag) {}

  void VisitLarge(const git::StagedFile& f, const git::Repository& repo, uint64_t size,
                  size_t worker, size_t seq, const BlobVisitor& visit);
  void Skip(SkippedItem item);

  git::Repository repo_;
  git::StagedOptions opts_;
  Diagnostics* diag_;
  struct Counts {  // updated by the worker threads; behind a pointer so the source stays movable
    std::atomic<uint64_t> files{0}, bytes{0}, skipped{0};
    std::mutex mu;  // for skipped_items
    SkippedItems skipped_items;
  };
  std::unique_ptr<Counts> counts_ = std::make_unique<Counts>();
};

}  // namespace ks
