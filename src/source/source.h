// The contract every source keeps (files, staged changes, a repository's history): what it is
// asked (SourceOptions), how it hands blobs over (a BlobVisitor, told where it is called from by
// a BlobContext) and what it counts (SourceStats). The pipeline scans any source the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "source/blob.h"

namespace ks {

class AddedLines;  // source/staged_source.h

inline constexpr uint64_t kDefaultMaxFileSize = uint64_t{1} << 30;  // 1 GiB

// Why content was not scanned, or not all of it. The JSON names (SkipReasonName) are a public
// contract.
enum class SkipReason {
  kTooLarge,      // "max_file_size": over --max-file-size, not read at all
  kTruncated,     // "truncated": a stream (stdin, a pipe) went on past --max-file-size; the
                  // part before the limit was scanned
  kNotStreamable  // "not_streamable": a delta-compressed object over kMaxWholeRead, which
                  // cannot be streamed and would have to be inflated whole
};
std::string_view SkipReasonName(SkipReason r);

// Objects that cannot be streamed (packed deltas) are read whole up to this size.
inline constexpr uint64_t kMaxWholeRead = uint64_t{256} << 20;

// Something a scan did not read: the report lists it, and it makes the run fail (exit 2) unless
// the user accepted it (--allow-skipped), since the scan is incomplete.
struct SkippedItem {
  std::string path;    // as a finding would name it ("commit:<id>" for a commit message)
  std::string object;  // the blob or commit id for git sources, else empty
  uint64_t size = 0;   // bytes (for kTruncated: the bytes that were scanned)
  SkipReason reason = SkipReason::kTooLarge;
};

// The stderr notice for a skipped item.
std::string DescribeSkipped(const SkippedItem& item, uint64_t max_file_size);

// The first kMaxListed skipped items; SourceStats::skipped counts them all. Bounded, so that a
// million skipped blobs cost no more than a hundred.
struct SkippedItems {
  static constexpr size_t kMaxListed = 100;
  std::vector<SkippedItem> items;
  void Add(SkippedItem item) {
    if (items.size() < kMaxListed) items.push_back(std::move(item));
  }
  void Merge(const SkippedItems& other) {
    for (const SkippedItem& i : other.items) Add(i);
  }
};

struct SourceOptions {
  // Larger blobs are skipped, with a notice and a SkippedItem. Content over a chunk is streamed
  // (source/blob.h), so this bounds time, not memory.
  uint64_t max_file_size = kDefaultMaxFileSize;
  size_t threads = 1;  // workers that read and visit
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
  uint64_t skipped = 0;  // not read, or not all of it (see SkippedItem)
  uint64_t commits = 0;  // history only
  SkippedItems skipped_items;
};

}  // namespace ks
