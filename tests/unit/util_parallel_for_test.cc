// ParallelFor: every item in exactly one call, workers within range, one worker's calls never
// overlapping and always on one thread (worker 0 on the caller's), chunks in ascending order,
// and the workers really running at the same time.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "util/parallel_for.h"

namespace ks {
namespace {

using Call = std::tuple<size_t, size_t, size_t>;  // worker, begin, end

// Every call, in the order each worker made them (calls of different workers interleave).
std::vector<Call> Record(size_t workers, size_t items, size_t chunk) {
  std::mutex mu;
  std::vector<Call> calls;
  ParallelFor(workers, items, chunk, [&](size_t worker, size_t begin, size_t end) {
    std::lock_guard lock(mu);
    calls.emplace_back(worker, begin, end);
  });
  return calls;
}

TEST(ParallelForTest, EveryItemIsInExactlyOneCall) {
  for (const auto& [workers, items, chunk] : std::vector<Call>{
           {1, 1, 1}, {4, 1000, 1}, {4, 1000, 64}, {3, 1001, 16}, {8, 5, 2}, {2, 64, 64}}) {
    std::vector<int> seen(items, 0);
    for (const auto& [worker, begin, end] : Record(workers, items, chunk)) {
      EXPECT_LT(begin, end);
      EXPECT_LE(end - begin, chunk);
      for (size_t i = begin; i < end; ++i) ++seen[i];
    }
    for (size_t i = 0; i < items; ++i) {
      ASSERT_EQ(seen[i], 1) << "item " << i << " with " << workers << " workers, chunk " << chunk;
    }
  }
}

TEST(ParallelForTest, ChunksAreConsecutiveRunsClaimedInAscendingOrder) {
  const auto calls = Record(4, 1000, 64);
  std::set<size_t> begins;
  std::vector<size_t> last_begin(4, 0);
  std::vector<bool> called(4, false);
  for (const auto& [worker, begin, end] : calls) {
    EXPECT_EQ(begin % 64, 0u);
    EXPECT_EQ(end, std::min<size_t>(begin + 64, 1000));
    begins.insert(begin);
    // One worker's claims come one after another from the shared counter, so they ascend.
    if (called[worker]) {
      EXPECT_GT(begin, last_begin[worker]);
    }
    called[worker] = true;
    last_begin[worker] = begin;
  }
  EXPECT_EQ(begins.size(), 16u);  // ceil(1000 / 64)
}

TEST(ParallelForTest, OneWorkerRunsOnTheCallingThreadInOrder) {
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<Call> calls;
  ParallelFor(1, 10, 3, [&](size_t worker, size_t begin, size_t end) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    calls.emplace_back(worker, begin, end);
  });
  EXPECT_EQ(calls, (std::vector<Call>{{0, 0, 3}, {0, 3, 6}, {0, 6, 9}, {0, 9, 10}}));
}

TEST(ParallelForTest, NoItemsMeansNoCalls) {
  bool called = false;
  ParallelFor(4, 0, 16, [&](size_t, size_t, size_t) { called = true; });
  EXPECT_FALSE(called);
  EXPECT_EQ(Workers(4, 0, 16), 0u);
}

TEST(ParallelForTest, WorkersAreAtLeastOneAndNoMoreThanTheChunks) {
  EXPECT_EQ(Workers(0, 5, 1), 1u);
  EXPECT_EQ(Workers(8, 10, 4), 3u);
  EXPECT_EQ(Workers(8, 1000, 64), 8u);
  EXPECT_EQ(Workers(4, 3, 0), 3u);  // a chunk of 0 counts as 1
  std::set<size_t> used;
  for (const auto& [worker, begin, end] : Record(8, 10, 4)) used.insert(worker);
  EXPECT_LE(used.size(), 3u);
  EXPECT_LT(*used.rbegin(), 3u);
}

// Each worker id is one thread, worker 0 the caller's, and its calls never overlap: a call that
// finds its worker already busy, or on another thread than before, fails.
TEST(ParallelForTest, AWorkersCallsNeverOverlapAndStayOnOneThread) {
  constexpr size_t kWorkers = 4;
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<std::atomic<bool>> busy(kWorkers);  // value-initialized: false
  std::vector<std::thread::id> threads(kWorkers);
  std::mutex mu;
  std::atomic<size_t> overlaps{0}, moved{0}, out_of_range{0};
  ParallelFor(kWorkers, 400, 1, [&](size_t worker, size_t, size_t) {
    if (worker >= kWorkers) {
      ++out_of_range;
      return;
    }
    if (busy[worker].exchange(true)) ++overlaps;
    {
      std::lock_guard lock(mu);
      if (threads[worker] == std::thread::id()) threads[worker] = std::this_thread::get_id();
      if (threads[worker] != std::this_thread::get_id()) ++moved;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    busy[worker] = false;
  });
  EXPECT_EQ(out_of_range, 0u);
  EXPECT_EQ(overlaps, 0u);
  EXPECT_EQ(moved, 0u);
  EXPECT_EQ(threads[0], caller);
  std::set<std::thread::id> distinct(threads.begin(), threads.end());
  distinct.erase(std::thread::id());
  EXPECT_EQ(distinct.size(), kWorkers);
}

// Four items, four workers, and each call waits for the others to have started: this finishes
// only if all four really run at once (a bounded wait turns a serial pool into a failure).
TEST(ParallelForTest, WorkersRunConcurrently) {
  std::atomic<int> started{0};
  std::atomic<int> met{0};
  ParallelFor(4, 4, 1, [&](size_t, size_t, size_t) {
    ++started;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (started.load() < 4 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::yield();
    }
    if (started.load() == 4) ++met;
  });
  EXPECT_EQ(met, 4);
}

}  // namespace
}  // namespace ks
