// FileSource: files, directories and stdin ("-").
//
// A directory walk visits regular files in name order, skips `.git`, and never follows a
// symbolic link (so it cannot leave the tree or loop); a path named on the command line is
// followed, as the user asked for it. Binary files are scanned like any other. A file over
// max_file_size is skipped with a notice and listed in stats().skipped_items; a file over a
// chunk (source/blob.h), stdin and pipes are handed over as a stream, so memory does not grow
// with their size. Problems go to Diagnostics and the walk continues.
//
// The walk lists the files first; then `threads` workers read and visit them, each file once.
// The visitor learns which worker calls it (for per-thread scanners) and the file's position in
// walk order (so a caller can report in a stable order whatever the threads did). Diagnostics
// must be thread-safe when threads > 1. One FileSource per run; Run() is not reentrant.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "source/source.h"
#include "util/diagnostics.h"
#include "util/env.h"
#include "util/unique_fd.h"

namespace ks {

class FileSource {
 public:
  // Files are opened through `env`, which must outlive the source.
  FileSource(SourceOptions opts, Diagnostics* diag, Env& env = Env::Default())
      : opts_(std::move(opts)), diag_(diag), env_(env) {}

  // Visits every file under `paths` ("-" is stdin).
  void Run(const std::vector<std::string>& paths, const BlobVisitor& visit);
  SourceStats stats() const;

 private:
  struct Item {
    std::string path;
    SourceKind kind;
    bool walked = false;  // found under a directory argument, not named by the user
  };
  void ListArgument(const std::string& path, std::vector<Item>* items);
  void WalkDirectory(const std::string& root, std::vector<Item>* items);
  // The descriptor to read `item` from: stdin's (borrowed, never closed), or the file's, owned
  // by *owned; -1, with the error reported, when the file cannot be opened.
  int Open(const Item& item, UniqueFd* owned);
  // Returns the bytes read and visited (0 when the file was not).
  uint64_t VisitFile(size_t worker, size_t seq, const Item& item, std::string* buffer,
                     const BlobVisitor& visit);
  uint64_t StreamFile(size_t worker, size_t seq, int fd, const Item& item,
                      const BlobVisitor& visit);
  bool ReadInto(int fd, const std::string& path, size_t size_hint, std::string* buffer);
  void Skip(SkippedItem item);

  SourceOptions opts_;
  Diagnostics* diag_;
  Env& env_;
  std::atomic<uint64_t> files_{0}, bytes_{0}, skipped_{0};
  mutable std::mutex skipped_mu_;
  SkippedItems skipped_items_;
};

}  // namespace ks
