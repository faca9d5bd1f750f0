// Diagnostics: where modules report notices (a skipped file) and errors (an unreadable one)
// without printing themselves. The CLI decides how they reach the user; any error makes the run
// exit 2 even when scanning went on.
//
// Implementations must be safe to call from several threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace ks {

class Diagnostics {
 public:
  virtual ~Diagnostics() = default;
  void Notice(const std::string& msg) { OnNotice(msg); }
  void Error(const std::string& msg) {
    errors_.fetch_add(1, std::memory_order_relaxed);
    OnError(msg);
  }
  // What a verbose run explains (the configuration read, the rules used, time per phase);
  // a front end that does not want it keeps the default, which drops it.
  void Info(const std::string& msg) { OnInfo(msg); }
  uint64_t errors() const { return errors_.load(std::memory_order_relaxed); }

 protected:
  virtual void OnNotice(const std::string& msg) = 0;
  virtual void OnError(const std::string& msg) = 0;
  virtual void OnInfo(const std::string& /*msg*/) {}

 private:
  std::atomic<uint64_t> errors_{0};
};

}  // namespace ks
