// The options every command shares, as CLI11 fills them in app.cc: the session's (handed to the
// pipeline as they are) and the ones only the CLI acts on (output, messages).
#pragma once

#include <string>

#include "pipeline/session_options.h"

namespace ks::cli {

struct GlobalOptions {
  std::string format = "text";
  std::string output;  // empty: stdout
  std::string color = "auto";
  bool show_secrets = false;
  bool verbose = false;
  bool quiet = false;
  std::string fail_on = "any";  // "any" finding, or only "live" ones, make exit code 1
  // Content not scanned (over --max-file-size, or not readable in bounded memory) does not make
  // the exit code 2; it is still listed in the report.
  bool allow_skipped = false;
  SessionOptions session;
};

// Exit codes: a public contract, documented in the README.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

}  // namespace ks::cli
