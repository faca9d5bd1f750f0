// Options shared by every command, filled by CLI11 in app.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ks::cli {

struct GlobalOptions {
  std::string format = "text";
  std::string output;  // empty: stdout
  std::string color = "auto";
  bool show_secrets = false;
  bool verbose = false;
  bool quiet = false;
  std::vector<std::string> rule_dirs;
  bool no_builtin_rules = false;
  bool include_examples = false;
  uint64_t max_file_size = 50ull << 20;
};

// Exit codes: a public contract, documented in the README.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

}  // namespace ks::cli
