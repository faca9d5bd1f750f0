#include "cli/stderr_diagnostics.h"

#include <algorithm>
#include <iostream>
#include <mutex>

#include "util/terminal_text.h"

namespace ks::cli {

void WriteStderrMessage(std::string_view prefix, std::string_view msg) {
  if (msg.ends_with('\n')) msg.remove_suffix(1);
  std::string text;
  for (size_t start = 0;;) {
    const size_t end = std::min(msg.find('\n', start), msg.size());
    text.append(prefix).append(TerminalSafe(msg.substr(start, end - start))).append("\n");
    if (end == msg.size()) break;
    start = end + 1;
  }
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::cerr << text << std::flush;
}

void StderrDiagnostics::OnNotice(const std::string& msg) {
  if (!quiet_) WriteStderrMessage("keysweep: notice: ", msg);
}

void StderrDiagnostics::OnError(const std::string& msg) {
  WriteStderrMessage("keysweep: error: ", msg);
}

void StderrDiagnostics::OnInfo(const std::string& msg) {
  if (verbose_) WriteStderrMessage("keysweep: ", msg);
}

}  // namespace ks::cli
