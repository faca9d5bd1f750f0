// FileSource: files, directories and stdin ("-").
//
// A directory walk visits regular files in name order, skips `.git`, and never follows a
// symbolic link (so it cannot leave the tree or loop); a path named on the command line is
// followed, as the user asked for it. Binary files are scanned like any other. A file over
// max_file_size is skipped with a notice. Problems go to Diagnostics and the walk continues.
// Not thread-safe: one FileSource per run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/blob.h"
#include "util/diagnostics.h"

namespace ks {

struct FileSourceOptions {
  uint64_t max_file_size = 50ull << 20;
};

struct FileSourceStats {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t skipped = 0;
};

class FileSource {
 public:
  FileSource(FileSourceOptions opts, Diagnostics* diag) : opts_(opts), diag_(diag) {}

  // Visits every file under `paths` ("-" is stdin).
  void Run(const std::vector<std::string>& paths, const BlobVisitor& visit);
  const FileSourceStats& stats() const { return stats_; }

 private:
  void VisitArgument(const std::string& path, const BlobVisitor& visit);
  void WalkDirectory(const std::string& root, const BlobVisitor& visit);
  void VisitFile(const std::string& path, SourceKind kind, const BlobVisitor& visit);
  bool ReadInto(int fd, const std::string& path);

  FileSourceOptions opts_;
  Diagnostics* diag_;
  FileSourceStats stats_;
  std::string buffer_;  // reused for every file
};

}  // namespace ks
