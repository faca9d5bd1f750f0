// Diagnostics that print to stderr: errors always, notices unless --quiet, what a run does with
// --verbose. Thread-safe.
#pragma once

#include <mutex>

#include "util/diagnostics.h"

namespace ks::cli {

class StderrDiagnostics : public Diagnostics {
 public:
  StderrDiagnostics(bool quiet, bool verbose) : quiet_(quiet), verbose_(verbose) {}

 protected:
  void OnNotice(const std::string& msg) override;
  void OnError(const std::string& msg) override;
  void OnInfo(const std::string& msg) override;

 private:
  bool quiet_;
  bool verbose_;
  std::mutex mu_;
};

}  // namespace ks::cli
