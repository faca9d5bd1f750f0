// The progress line on stderr during long scans (`history`, `scan` of directories): items done
// (blobs or files), bytes, rate and, once the number of items is known, an ETA.
//
// Only on a terminal: the line is redrawn in place ("\r" and clear-to-end-of-line), so in a log
// file or a pipe it would be noise. Sources bump atomic counters from their worker threads; one
// timer thread samples them and redraws at most every `interval` (5 times a second), and only
// when the line changed, so a slow terminal never slows the scan down. Stop() erases the line
// before the report and summary are printed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "pipeline/progress_observer.h"

namespace ks {

// What the line shows, sampled at one instant.
struct ProgressSnapshot {
  uint64_t items = 0;             // blobs or files done: read, skipped or failed
  std::optional<uint64_t> total;  // items to read, once the walk or listing has ended
  uint64_t bytes = 0;             // bytes read
  uint64_t commits = 0;           // commits walked so far (history)
  double seconds = 0;             // since the items began to be read: for the rate and ETA
};

// The line for `s` (ASCII, no control characters), e.g.
//   keysweep: 1200/4800 blobs (25%), 310.2 MiB, 85.1 MiB/s, ETA 0:11
//   keysweep: walking history, 12345 commits
// `unit` names the items ("blobs", "files").
std::string FormatProgress(const ProgressSnapshot& s, std::string_view unit);

struct ProgressOptions {
  bool enabled = false;  // false: every call is a no-op and nothing is ever written
  std::string unit = "files";
  std::chrono::milliseconds interval{200};
  // Where the line goes; default: write(2) to stderr. Called by the timer thread and by Stop().
  std::function<void(std::string_view)> write;
  // Terminal columns the line is cut to (a wrapped line cannot be redrawn in place); 0: ask
  // stderr's terminal at each redraw.
  size_t columns = 0;
  bool timer_thread = true;  // false (tests): nothing redraws unless Tick() is called
};

class Progress : public ProgressObserver {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Progress(ProgressOptions opts);
  ~Progress() override;  // Stop()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Thread-safe, wait-free: called by the sources' workers. AddTotal() says how many items
  // are about to be read; several sources read one after another (repositories) add up, and
  // the rate and ETA count from the first call.
  void AddTotal(uint64_t items) override;
  void AddItem(uint64_t bytes) override;
  void AddCommit() override;

  // Stops the timer thread and erases the line if one was drawn. Idempotent; call it before
  // anything else is printed to stderr for good (the report, the summary).
  void Stop() override;

  // One refresh at `now`: redraws when `interval` has passed since the last redraw (or since the
  // start) and the line changed. The timer thread calls it; tests without the thread call it
  // with made-up times. Not to be called concurrently with itself or Stop().
  void Tick(Clock::time_point now);

  ProgressSnapshot Sample(Clock::time_point now) const;

 private:
  void TimerLoop();
  void Draw(const std::string& line);

  ProgressOptions opts_;
  const Clock::time_point start_ = Clock::now();
  std::atomic<uint64_t> items_{0}, bytes_{0}, commits_{0};
  std::atomic<bool> total_known_{false};
  std::atomic<uint64_t> total_{0};
  std::atomic<int64_t> reading_since_ns_{-1};  // since start_; -1: not yet (rate from start_)

  // The timer thread's (and, after it ended, Stop()'s) own state.
  Clock::time_point last_draw_ = start_;
  std::string last_line_;
  bool drawn_ = false;  // a line is on the screen

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool stopped_ = false;   // Stop() ran; written once the timer thread has ended
  std::thread timer_;
};

}  // namespace ks
