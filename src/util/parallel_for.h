// ParallelFor: keysweep's one worker pool. Items 0..items-1 are cut into chunks of `chunk`
// consecutive items; workers claim chunks from a shared counter until none is left.
//
// Guarantees, which callers rely on:
//  - every item is in exactly one call, and the call returns before ParallelFor does;
//  - chunks are claimed in ascending order (the n-th claim gets the n-th chunk), so workers
//    move through the items together: history's readers stay close in a pack this way;
//  - `worker` is in [0, Workers(workers, items, chunk)); calls with the same worker run one
//    after another on one thread, never overlapping, so per-worker state (a repository handle,
//    a buffer) needs no lock; calls with different workers run concurrently;
//  - worker 0 is the calling thread, and the others are threads started for this call only.
// Claiming costs one relaxed atomic add per chunk, and nothing is allocated per item or chunk.
// `fn` must not throw (a throw on a started thread ends the process).
#pragma once

#include <cstddef>
#include <functional>

namespace ks {

// fn(worker, begin, end): handle items [begin, end).
using ChunkFn = std::function<void(size_t worker, size_t begin, size_t end)>;

// How many workers ParallelFor(workers, items, chunk, ...) uses: `workers` (at least 1), but no
// more than there are chunks to claim; 0 when there are no items.
size_t Workers(size_t workers, size_t items, size_t chunk);

void ParallelFor(size_t workers, size_t items, size_t chunk, const ChunkFn& fn);

}  // namespace ks
