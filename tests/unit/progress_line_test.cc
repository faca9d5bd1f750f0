// Tests for the progress line (cli/progress.h): its text, how often it is redrawn, that it is
// erased, and that workers can bump it while the timer thread draws.
#include "report/progress_line.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/progress.h"

namespace ks::cli {
namespace {

using std::chrono::milliseconds;

constexpr char kClear[] = "\r\033[K";

// Collects what the Progress writes; thread-safe, as the timer thread writes too.
class Screen {
 public:
  std::function<void(std::string_view)> Writer() {
    return [this](std::string_view s) {
      std::lock_guard lock(mu_);
      writes_.emplace_back(s);
    };
  }
  std::vector<std::string> writes() {
    std::lock_guard lock(mu_);
    return writes_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> writes_;
};

ProgressOptions Manual(Screen* screen, std::string unit = "blobs") {
  ProgressOptions o;
  o.enabled = true;
  o.unit = std::move(unit);
  o.write = screen->Writer();
  o.columns = 200;
  o.timer_thread = false;
  return o;
}

TEST(FormatProgressTest, KnownTotalShowsPercentRateAndEta) {
  ProgressSnapshot s;
  s.items = 1200;
  s.total = 4800;
  s.bytes = 100ull << 20;  // 100 MiB in 4 s: 25 MiB/s; a quarter done, so 12 s to go
  s.seconds = 4;
  EXPECT_EQ(FormatProgress(s, "blobs"),
            "keysweep: 1200/4800 blobs (25%), 100.0 MiB, 25.0 MiB/s, ETA 0:12");
}

TEST(FormatProgressTest, EtaInHoursAndNoneWhenDone) {
  ProgressSnapshot s;
  s.items = 1;
  s.total = 10001;
  s.bytes = 1536;
  s.seconds = 1;  // 10000 s to go
  EXPECT_EQ(FormatProgress(s, "files"),
            "keysweep: 1/10001 files (0%), 1.5 KiB, 0.0 MiB/s, ETA 2:46:40");
  s.items = 10001;
  EXPECT_EQ(FormatProgress(s, "files"), "keysweep: 10001/10001 files (100%), 1.5 KiB, 0.0 MiB/s");
}

TEST(FormatProgressTest, UnknownTotalHasNoEta) {
  ProgressSnapshot s;
  s.items = 7;
  s.bytes = 3ull << 30;
  s.seconds = 2;
  EXPECT_EQ(FormatProgress(s, "blobs"), "keysweep: 7 blobs, 3.0 GiB, 1536.0 MiB/s");
}

TEST(FormatProgressTest, NoRateInTheFirstInstant) {
  ProgressSnapshot s;
  s.items = 0;
  s.total = 0;
  s.seconds = 0.01;
  EXPECT_EQ(FormatProgress(s, "files"), "keysweep: 0/0 files (100%), 0 B");
}

TEST(FormatProgressTest, WalkAndListingPhases) {
  ProgressSnapshot s;
  EXPECT_EQ(FormatProgress(s, "files"), "keysweep: listing files");
  s.commits = 12345;
  EXPECT_EQ(FormatProgress(s, "blobs"), "keysweep: walking history, 12345 commits");
}

TEST(ProgressTest, RedrawsAtMostOncePerInterval) {
  Screen screen;
  Progress p(Manual(&screen));
  const auto t0 = Progress::Clock::now();
  // Ticks every 10 ms for one second, with the counters moving all the time.
  for (int ms = 0; ms <= 1000; ms += 10) {
    p.AddItem(1000);
    p.Tick(t0 + milliseconds(ms));
  }
  const auto writes = screen.writes();
  // 200 ms after the start at the earliest, then every 200 ms: 5 in a second, never more.
  EXPECT_GE(writes.size(), 4u);
  EXPECT_LE(writes.size(), 5u);
  for (const std::string& w : writes) EXPECT_EQ(w.rfind(kClear, 0), 0u) << w;
}

TEST(ProgressTest, NothingBeforeTheFirstIntervalAndNoRedrawWithoutChange) {
  Screen screen;
  ProgressOptions o = Manual(&screen);
  Progress p(o);
  const auto t0 = Progress::Clock::now();
  p.AddTotal(0);  // rate and ETA come from the reading's start: nothing moves from here on
  p.Tick(t0 + milliseconds(100));
  EXPECT_TRUE(screen.writes().empty());  // a run this short shows nothing at all
  p.Tick(t0 + milliseconds(300));
  p.Tick(t0 + milliseconds(600));
  p.Tick(t0 + milliseconds(900));
  ASSERT_EQ(screen.writes().size(), 1u);
  EXPECT_EQ(screen.writes()[0], std::string(kClear) + "keysweep: 0/0 blobs (100%), 0 B, 0.0 MiB/s");
}

TEST(ProgressTest, StopErasesTheLineOnceAndOnlyIfDrawn) {
  Screen screen;
  {
    Progress quiet_run(Manual(&screen));
    quiet_run.Stop();
  }
  EXPECT_TRUE(screen.writes().empty());

  Progress p(Manual(&screen));
  p.Tick(Progress::Clock::now() + milliseconds(250));
  p.Stop();
  p.Stop();
  p.AddItem(5);
  p.Tick(Progress::Clock::now() + milliseconds(900));  // after Stop(): the screen stays clean
  const auto writes = screen.writes();
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes.back(), kClear);
}

TEST(ProgressTest, TotalsOfSeveralSourcesAddUp) {
  Screen screen;
  Progress p(Manual(&screen));
  const auto t0 = Progress::Clock::now();
  p.AddTotal(10);
  for (int i = 0; i < 10; ++i) p.AddItem(0);
  p.AddTotal(30);  // a second repository
  p.AddItem(0);
  EXPECT_EQ(p.Sample(t0).total, std::optional<uint64_t>(40));
  EXPECT_EQ(p.Sample(t0).items, 11u);
}

TEST(ProgressTest, CutToTheTerminalWidth) {
  Screen screen;
  ProgressOptions o = Manual(&screen);
  o.columns = 21;
  Progress p(o);
  p.AddCommit();
  p.Tick(Progress::Clock::now() + milliseconds(250));
  ASSERT_EQ(screen.writes().size(), 1u);
  EXPECT_EQ(screen.writes()[0], std::string(kClear) + "keysweep: walking hi");
}

TEST(ProgressTest, DisabledWritesNothing) {
  Screen screen;
  ProgressOptions o = Manual(&screen);
  o.enabled = false;
  o.timer_thread = true;
  Progress p(o);
  p.AddTotal(3);
  p.AddItem(10);
  p.Tick(Progress::Clock::now() + milliseconds(1000));
  p.Stop();
  EXPECT_TRUE(screen.writes().empty());
}

// Workers bump the counters while the timer thread draws; run under ThreadSanitizer by CI.
TEST(ProgressTest, TimerThreadDrawsWhileWorkersCountAndStopsCleanly) {
  Screen screen;
  ProgressOptions o = Manual(&screen);
  o.timer_thread = true;
  o.interval = milliseconds(5);
  Progress p(o);
  p.AddTotal(4 * 20000);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&p] {
      for (int i = 0; i < 20000; ++i) {
        p.AddItem(100);
        if (i % 1000 == 0) std::this_thread::sleep_for(milliseconds(2));
      }
    });
  }
  for (std::thread& t : workers) t.join();
  const std::string done = std::string(kClear) + "keysweep: 80000/80000 blobs (100%)";
  auto last_is_done = [&] {
    const auto writes = screen.writes();
    return !writes.empty() && writes.back().rfind(done, 0) == 0;
  };
  // The timer thread draws the final counts on its own (generous: sanitizer builds are slow).
  for (int i = 0; i < 1000 && !last_is_done(); ++i) std::this_thread::sleep_for(milliseconds(5));
  EXPECT_TRUE(last_is_done());
  p.Stop();
  const auto writes = screen.writes();
  ASSERT_GE(writes.size(), 2u);
  EXPECT_EQ(writes.back(), kClear);
}

TEST(ProgressWantedTest, QuietWinsAndTheEnvironmentForces) {
  GlobalOptions opts;
  ::setenv("KEYSWEEP_PROGRESS", "1", 1);
  EXPECT_TRUE(ProgressWanted(opts));
  opts.quiet = true;
  EXPECT_FALSE(ProgressWanted(opts));
  opts.quiet = false;
  ::setenv("KEYSWEEP_PROGRESS", "0", 1);
  EXPECT_FALSE(ProgressWanted(opts));
  ::unsetenv("KEYSWEEP_PROGRESS");
}

TEST(ProgressForTest, IntervalCanBeShortenedForTests) {
  EXPECT_EQ(ProgressFor(GlobalOptions{}, "blobs").interval, milliseconds(200));
  ::setenv("KEYSWEEP_PROGRESS_INTERVAL_MS", "5", 1);
  EXPECT_EQ(ProgressFor(GlobalOptions{}, "blobs").interval, milliseconds(5));
  for (const char* bad : {"0", "-3", "5ms", "999999"}) {
    ::setenv("KEYSWEEP_PROGRESS_INTERVAL_MS", bad, 1);
    EXPECT_EQ(ProgressFor(GlobalOptions{}, "blobs").interval, milliseconds(200)) << bad;
  }
  ::unsetenv("KEYSWEEP_PROGRESS_INTERVAL_MS");
}

}  // namespace
}  // namespace ks::cli
