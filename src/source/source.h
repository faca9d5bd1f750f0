// The contract every source keeps (files, staged changes, a repository's history): what it is
// asked (SourceOptions), how it hands blobs over (a BlobVisitor, told where it is called from by
// a BlobContext) and what it counts (SourceStats). The pipeline scans any source the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "source/blob.h"

namespace ks {

class AddedLines;  // source/staged_source.h

struct SourceOptions {
  uint64_t max_file_size = 50ull << 20;  // larger blobs are skipped with a notice
  size_t threads = 1;                    // workers that read and visit
  // Progress (optional). `on_total` once, when the listing or walk is over, with the number of
  // items about to be read; `on_item` after each of them is done (read: its size; skipped or
  // unreadable: 0), on any worker thread, concurrently.
  std::function<void(uint64_t items)> on_total = nullptr;
  std::function<void(uint64_t bytes)> on_item = nullptr;
  // Once for every seq (BlobContext::seq) the source hands out, after the item was visited,
  // skipped or found unreadable, on that worker's thread (optional; FileSource calls it). Lets
  // the pipeline write findings in seq order while the source is still running.
  std::function<void(size_t seq)> on_done = nullptr;
};

// Where a visitor call comes from.
struct BlobContext {
  // In [0, threads): per-thread state (a scanner) is indexed by it. Calls with the same worker
  // never overlap; calls with different ones do.
  size_t worker = 0;
  // The blob's position in the source's own order (walk order, path order, pack order): sorting
  // by it gives a report that does not depend on thread timing.
  size_t seq = 0;
  // The lines of the blob a change adds (the staged source); null: the whole blob counts.
  const AddedLines* added = nullptr;
};

// The blob and everything the context points at are valid only during the call.
using BlobVisitor = std::function<void(const Blob& blob, const BlobContext& where)>;

struct SourceStats {
  uint64_t blobs = 0;    // files, staged files or history blobs read
  uint64_t bytes = 0;    // bytes read (history: commit messages too)
  uint64_t skipped = 0;  // over max_file_size
  uint64_t commits = 0;  // history only
};

}  // namespace ks
