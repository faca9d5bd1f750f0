#include "report/progress_line.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <string_view>

namespace ks {
namespace {

// Back to the start of the line and clear it: the line is always redrawn from scratch, so a
// shorter line never leaves the tail of a longer one behind.
constexpr std::string_view kClearLine = "\r\033[K";

std::string HumanBytes(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

// 0:42, 12:05, 1:02:03.
std::string Duration(double seconds) {
  const uint64_t s = static_cast<uint64_t>(std::llround(seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

// The rate and the ETA need some time behind them, or the first redraw shows nonsense.
constexpr double kMinSecondsForRate = 0.1;

std::string Counts(const ProgressSnapshot& s, std::string_view unit) {
  if (!s.total) return fmt::format("{} {}", s.items, unit);
  const uint64_t percent = *s.total == 0 ? 100 : std::min<uint64_t>(100, s.items * 100 / *s.total);
  return fmt::format("{}/{} {} ({}%)", s.items, *s.total, unit, percent);
}

void WriteToStderr(std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to show progress: not worth failing the scan for
    text.remove_prefix(static_cast<size_t>(n));
  }
}

size_t TerminalColumns() {
  struct winsize ws {};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

}  // namespace

std::string FormatProgress(const ProgressSnapshot& s, std::string_view unit) {
  if (!s.total && s.items == 0) {
    if (s.commits > 0) return fmt::format("keysweep: walking history, {} commits", s.commits);
    return fmt::format("keysweep: listing {}", unit);
  }
  std::string line = fmt::format("keysweep: {}, {}", Counts(s, unit), HumanBytes(s.bytes));
  if (s.seconds < kMinSecondsForRate) return line;
  const double rate = static_cast<double>(s.bytes) / s.seconds / (1024.0 * 1024.0);
  line += fmt::format(", {:.1f} MiB/s", rate);
  if (s.total && s.items > 0 && s.items < *s.total) {
    const double remaining =
        s.seconds * static_cast<double>(*s.total - s.items) / static_cast<double>(s.items);
    line += fmt::format(", ETA {}", Duration(remaining));
  }
  return line;
}

Progress::Progress(ProgressOptions opts) : opts_(std::move(opts)) {
  if (!opts_.enabled) return;
  if (!opts_.write) opts_.write = WriteToStderr;
  if (opts_.timer_thread) timer_ = std::thread([this] { TimerLoop(); });
}

Progress::~Progress() { Stop(); }

void Progress::AddTotal(uint64_t items) {
  const auto since = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_);
  int64_t unset = -1;
  reading_since_ns_.compare_exchange_strong(unset, since.count(), std::memory_order_relaxed);
  total_.fetch_add(items, std::memory_order_relaxed);
  total_known_.store(true, std::memory_order_release);
}

void Progress::AddItem(uint64_t bytes) {
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
  items_.fetch_add(1, std::memory_order_relaxed);
}

void Progress::AddCommit() { commits_.fetch_add(1, std::memory_order_relaxed); }

ProgressSnapshot Progress::Sample(Clock::time_point now) const {
  ProgressSnapshot s;
  if (total_known_.load(std::memory_order_acquire))
    s.total = total_.load(std::memory_order_relaxed);
  s.items = items_.load(std::memory_order_relaxed);
  s.bytes = bytes_.load(std::memory_order_relaxed);
  s.commits = commits_.load(std::memory_order_relaxed);
  const int64_t since_ns = reading_since_ns_.load(std::memory_order_relaxed);
  const Clock::time_point from =
      since_ns < 0 ? start_ : start_ + std::chrono::nanoseconds(since_ns);
  s.seconds = std::max(0.0, std::chrono::duration<double>(now - from).count());
  return s;
}

void Progress::Tick(Clock::time_point now) {
  if (!opts_.enabled || stopped_ || now - last_draw_ < opts_.interval) return;
  const std::string line = FormatProgress(Sample(now), opts_.unit);
  if (drawn_ && line == last_line_) return;
  Draw(line);
  last_line_ = line;
  last_draw_ = now;
}

void Progress::Draw(const std::string& line) {
  const size_t columns = opts_.columns ? opts_.columns : TerminalColumns();
  // One column short of the width: a line that fills the last column wraps on some terminals.
  const std::string_view shown =
      columns > 1 ? std::string_view(line).substr(0, columns - 1) : std::string_view(line);
  opts_.write(fmt::format("{}{}", kClearLine, shown));
  drawn_ = true;
}

void Progress::TimerLoop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, opts_.interval, [this] { return stopping_; })) {
    lock.unlock();
    Tick(Clock::now());
    lock.lock();
  }
}

void Progress::Stop() {
  if (!opts_.enabled || stopped_) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  stopped_ = true;  // only now: the timer thread's Tick() reads it
  if (drawn_) opts_.write(kClearLine);
  drawn_ = false;
}

}  // namespace ks
