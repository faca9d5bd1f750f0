// Diagnostics that print to stderr: errors always, notices unless --quiet, what a run does with
// --verbose. Thread-safe.
//
// Every message keysweep writes to stderr goes through WriteStderrMessage(), which makes it
// terminal-safe (util/terminal_text.h) as it is written: messages quote file names, YAML keys,
// regexes and paths from repositories and configurations, and no message has to remember to
// escape them.
#pragma once

#include <string>
#include <string_view>

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
};

// Writes `msg` to stderr as one line per line of it ("a\nb" is two lines; a trailing newline
// ends the last), each `prefix` followed by the line passed through TerminalSafe(). A newline in
// a quoted value thus starts a line that still carries the prefix, and nothing in the message
// can reach the terminal as a control or format character. `prefix` is keysweep's own text and
// is written as is. Thread-safe: messages from several threads do not interleave.
void WriteStderrMessage(std::string_view prefix, std::string_view msg);

}  // namespace ks::cli
