#include "cli/stderr_diagnostics.h"

#include <iostream>

#include "util/terminal_text.h"

namespace ks::cli {

void StderrDiagnostics::OnNotice(const std::string& msg) {
  if (quiet_) return;
  std::lock_guard lock(mu_);
  std::cerr << "keysweep: notice: " << TerminalSafe(msg) << "\n";
}

void StderrDiagnostics::OnError(const std::string& msg) {
  std::lock_guard lock(mu_);
  std::cerr << "keysweep: error: " << TerminalSafe(msg) << "\n";
}

void StderrDiagnostics::OnInfo(const std::string& msg) {
  if (!verbose_) return;
  std::lock_guard lock(mu_);
  std::cerr << "keysweep: " << TerminalSafe(msg) << "\n";
}

}  // namespace ks::cli
