// Diagnostics that print to stderr: errors always, notices unless --quiet. Thread-safe.
#pragma once

#include <mutex>

#include "util/diagnostics.h"

namespace ks::cli {

class StderrDiagnostics : public Diagnostics {
 public:
  explicit StderrDiagnostics(bool quiet) : quiet_(quiet) {}

 protected:
  void OnNotice(const std::string& msg) override;
  void OnError(const std::string& msg) override;

 private:
  bool quiet_;
  std::mutex mu_;
};

}  // namespace ks::cli
