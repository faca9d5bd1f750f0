#include "util/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace ks {
namespace {

size_t ChunkCount(size_t items, size_t chunk) { return items / chunk + (items % chunk != 0); }

// Claims chunk indices rather than item offsets, so the counter cannot overflow near SIZE_MAX.
void Drain(size_t worker, size_t items, size_t chunk, std::atomic<size_t>& next,
           const ChunkFn& fn) {
  const size_t chunks = ChunkCount(items, chunk);
  for (size_t c; (c = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
    const size_t begin = c * chunk;
    fn(worker, begin, std::min(items, begin + chunk));
  }
}

}  // namespace

size_t Workers(size_t workers, size_t items, size_t chunk) {
  if (items == 0) return 0;
  return std::clamp<size_t>(workers, 1, ChunkCount(items, std::max<size_t>(chunk, 1)));
}

void ParallelFor(size_t workers, size_t items, size_t chunk, const ChunkFn& fn) {
  chunk = std::max<size_t>(chunk, 1);
  const size_t n = Workers(workers, items, chunk);
  if (n == 0) return;
  // The items and `fn` were set up before the threads start, and their results are seen after
  // they are joined: the counter itself needs no ordering.
  std::atomic<size_t> next{0};
  std::vector<std::jthread> threads;
  threads.reserve(n - 1);
  for (size_t w = 1; w < n; ++w) {
    threads.emplace_back([&, w] { Drain(w, items, chunk, next, fn); });
  }
  Drain(0, items, chunk, next, fn);
}  // the jthreads join here

}  // namespace ks
