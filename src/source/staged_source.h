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
#include <string>
#include <vector>

#include "git/repository.h"
#include "git/staged.h"
#include "source/blob.h"
#include "util/diagnostics.h"
#include "util/result.h"

namespace ks {

// The lines of one staged file that the commit adds.
class AddedLines {
 public:
  AddedLines(bool all, const std::vector<git::LineRange>& ranges) : all_(all), ranges_(ranges) {}
  // `line` is 1-based, as in Finding::line.
  bool Contains(uint64_t line) const;

 private:
  bool all_;
  const std::vector<git::LineRange>& ranges_;  // ascending and disjoint
};

struct StagedStats {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t skipped = 0;
};

// The blob and added lines are valid only during the call; calls with the same worker never
// overlap.
using StagedVisitor =
    std::function<void(const Blob& blob, const AddedLines& added, size_t worker, size_t seq)>;

class StagedSource {
 public:
  // Opens the repository containing `repo_dir` (searching upward like git). `index_file`, if
  // not empty, is the index to read instead of the repository's (see git/staged.h).
  static Result<StagedSource> Open(const std::string& repo_dir, const std::string& index_file,
                                   uint64_t max_file_size, size_t threads, Diagnostics* diag);

  // Fails when the index cannot be compared with HEAD; a staged blob that cannot be read is
  // reported to Diagnostics and skipped.
  Status Run(const StagedVisitor& visit);
  StagedStats stats() const { return {counts_->files, counts_->bytes, counts_->skipped}; }

  const git::Repository& repository() const { return repo_; }

 private:
  StagedSource(git::Repository repo, git::StagedOptions opts, Diagnostics* diag)
      : repo_(std::move(repo)), opts_(std::move(opts)), diag_(diag) {}

  git::Repository repo_;
  git::StagedOptions opts_;
  Diagnostics* diag_;
  struct Counts {  // updated by the worker threads; behind a pointer so the source stays movable
    std::atomic<uint64_t> files{0}, bytes{0}, skipped{0};
  };
  std::unique_ptr<Counts> counts_ = std::make_unique<Counts>();
};

}  // namespace ks
