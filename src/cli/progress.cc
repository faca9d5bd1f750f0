#include "cli/progress.h"

#include <unistd.h>

#include <charconv>
#include <memory>
#include <string_view>

#include "util/env.h"

namespace ks::cli {

bool ProgressWanted(const GlobalOptions& opts) {
  if (opts.quiet) return false;
  Env& env = Env::Default();
  if (const auto forced = env.GetVar("KEYSWEEP_PROGRESS"); forced && !forced->empty()) {
    return *forced != "0";
  }
  return ::isatty(STDERR_FILENO) == 1 && env.GetVar("TERM") != "dumb";
}

ProgressOptions ProgressFor(const GlobalOptions& opts, std::string unit) {
  ProgressOptions p;
  p.enabled = ProgressWanted(opts);
  p.unit = std::move(unit);
  // For tests that need a redraw during a run too short to wait 200 ms for.
  if (const auto ms = Env::Default().GetVar("KEYSWEEP_PROGRESS_INTERVAL_MS"); ms && !ms->empty()) {
    const std::string_view text(*ms);
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && value >= 1 && value <= 60000) {
      p.interval = std::chrono::milliseconds(value);
    }
  }
  return p;
}

ProgressFactory ProgressMaker(const GlobalOptions& opts) {
  return [&opts](std::string_view unit) -> std::unique_ptr<ProgressObserver> {
    return std::make_unique<Progress>(ProgressFor(opts, std::string(unit)));
  };
}

ProgressFactory StreamingProgressMaker(const GlobalOptions& opts) {
  const auto forced = Env::Default().GetVar("KEYSWEEP_PROGRESS");
  const bool report_on_terminal = opts.output.empty() && ::isatty(STDOUT_FILENO) == 1;
  if (report_on_terminal && (!forced || forced->empty())) return NoProgress;
  return ProgressMaker(opts);
}

}  // namespace ks::cli
