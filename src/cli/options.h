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

  // Opt-in live check (STS GetCallerIdentity); nothing is sent without --verify.
  bool verify = false;
  std::string sts_endpoint = "https://sts.amazonaws.com/";
  std::string sts_region = "us-east-1";
  std::string sts_ca_file;        // empty: the system's trust store
  double verify_timeout_s = 10;   // per request
  double verify_deadline_s = 60;  // for the whole run's checks
  int verify_concurrency = 4;
  bool only_verified = false;   // report only findings STS says are live
  std::string fail_on = "any";  // "any" finding, or only "live" ones, make exit code 1
};

// Exit codes: a public contract, documented in the README.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

}  // namespace ks::cli
