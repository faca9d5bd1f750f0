// ProgressObserver: what a scan tells a progress display. The pipeline calls it; a front end
// draws it (the CLI's progress line) or ignores it.
//
// AddTotal, AddItem and AddCommit are called from any worker thread, concurrently, and must be
// cheap; Stop() comes from the scanning thread once the source is done, before anything else is
// printed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace ks {

class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  virtual void AddTotal(uint64_t items) = 0;  // items about to be read
  virtual void AddItem(uint64_t bytes) = 0;   // one item done (0 bytes: skipped or unreadable)
  virtual void AddCommit() = 0;               // one commit walked
  virtual void Stop() = 0;
};

// A fresh observer for one source's scan; `unit` names its items ("files", "blobs").
using ProgressFactory = std::function<std::unique_ptr<ProgressObserver>(std::string_view unit)>;

// An observer that shows nothing, for runs and tests without a display.
std::unique_ptr<ProgressObserver> NoProgress(std::string_view unit);

}  // namespace ks
