// Options shared by every command, filled by CLI11 in app.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ks::cli {

// What `keysweep baseline create|prune` makes a scanning command do with its findings.
enum class BaselineAction {
  kNone,    // report them
  kCreate,  // write them as a baseline to --output
  kPrune,   // drop the baseline's entries that were not found again
};

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
  bool max_file_size_given = false;  // on the command line, where it beats the configuration

  // Configuration and accepted findings (README "Configuration", "Baseline").
  std::string config;      // --config FILE; empty: .keysweep.yaml at the scan root
  bool no_config = false;  // --no-config: neither
  std::string baseline;    // --baseline FILE; empty: the configuration's, if any
  std::vector<std::string> fail_on_severity;  // empty: the configuration's, else every severity
  BaselineAction baseline_action = BaselineAction::kNone;  // set by `baseline create|prune`

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
