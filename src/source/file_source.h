// FileSource: files, directories and stdin ("-").
//
// A directory walk visits regular files in name order, skips `.git`, and never follows a
// symbolic link (so it cannot leave the tree or loop); a path named on the command line is
// followed, as the user asked for it. Binary files are scanned like any other. A file over
// max_file_size is skipped with a notice. Problems go to Diagnostics and the walk continues.
//
// The walk lists the files first; then `threads` workers read and visit them, each file once.
// The visitor learns which worker calls it (for per-thread scanners) and the file's position in
// walk order (so a caller can report in a stable order whatever the threads did). Diagnostics
// must be thread-safe when threads > 1. One FileSource per run; Run() is not reentrant.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "source/blob.h"
#include "util/diagnostics.h"
#include "util/env.h"
#include "util/unique_fd.h"

namespace ks {

struct FileSourceOptions {
  uint64_t max_file_size = 50ull << 20;
  size_t threads = 1;
  // Progress (optional; the CLI's progress line). `on_total` once, when the listing is over,
  // with the number of files about to be read; `on_file` after each of them is done (read: its
  // size; skipped or unreadable: 0), on any worker thread, concurrently.
  std::function<void(uint64_t files)> on_total = nullptr;
  std::function<void(uint64_t bytes)> on_file = nullptr;
};

struct FileSourceStats {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t skipped = 0;
};

// (worker in [0, threads), position in walk order, the file). The blob is valid during the call.
using FileVisitor = std::function<void(size_t worker, size_t seq, const Blob&)>;

class FileSource {
 public:
  // Files are opened through `env`, which must outlive the source.
  FileSource(FileSourceOptions opts, Diagnostics* diag, Env& env = Env::Default())
      : opts_(std::move(opts)), diag_(diag), env_(env) {}

  // Visits every file under `paths` ("-" is stdin).
  void Run(const std::vector<std::string>& paths, const FileVisitor& visit);
  FileSourceStats stats() const { return {files_, bytes_, skipped_}; }

 private:
  struct Item {
    std::string path;
    SourceKind kind;
  };
  void ListArgument(const std::string& path, std::vector<Item>* items);
  void WalkDirectory(const std::string& root, std::vector<Item>* items);
  // The descriptor to read `item` from: stdin's (borrowed, never closed), or the file's, owned
  // by *owned; -1, with the error reported, when the file cannot be opened.
  int Open(const Item& item, UniqueFd* owned);
  // Returns the bytes read and visited (0 when the file was not).
  uint64_t VisitFile(size_t worker, size_t seq, const Item& item, std::string* buffer,
                     const FileVisitor& visit);
  bool ReadInto(int fd, const std::string& path, size_t size_hint, std::string* buffer);

  FileSourceOptions opts_;
  Diagnostics* diag_;
  Env& env_;
  std::atomic<uint64_t> files_{0}, bytes_{0}, skipped_{0};
};

}  // namespace ks
