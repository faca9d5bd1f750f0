// StagedSource: what `git commit` would record now, for `keysweep staged` (a pre-commit hook).
//
// Each added, modified, renamed or copied file in the index is visited once with its whole
// staged content (read from the object database, never the working tree) and the lines the
// commit adds to it. Scanning the whole blob keeps line numbers those of the staged file; the
// caller keeps only findings that start on an added line. Binary files count as wholly added.
// Deletions, unchanged lines, submodules, unstaged edits and untracked files never reach the
// visitor. Not thread-safe: one StagedSource per run.
#pragma once

#include <cstdint>
#include <functional>
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

// Both arguments are valid only during the call.
using StagedVisitor = std::function<void(const Blob& blob, const AddedLines& added)>;

class StagedSource {
 public:
  // Opens the repository containing `repo_dir` (searching upward like git). `index_file`, if
  // not empty, is the index to read instead of the repository's (see git/staged.h).
  static Result<StagedSource> Open(const std::string& repo_dir, const std::string& index_file,
                                   uint64_t max_file_size, Diagnostics* diag);

  // Fails when the index cannot be compared with HEAD; a staged blob that cannot be read is
  // reported to Diagnostics and skipped.
  Status Run(const StagedVisitor& visit);
  const StagedStats& stats() const { return stats_; }

 private:
  StagedSource(git::Repository repo, std::string index_file, uint64_t max_file_size,
               Diagnostics* diag)
      : repo_(std::move(repo)),
        index_file_(std::move(index_file)),
        max_file_size_(max_file_size),
        diag_(diag) {}
  void VisitFile(const git::StagedFile& f, const StagedVisitor& visit);

  git::Repository repo_;
  std::string index_file_;
  uint64_t max_file_size_;
  Diagnostics* diag_;
  StagedStats stats_;
};

}  // namespace ks
