// What a scanning session is asked to do, built by the CLI from its arguments (or by any other
// front end). Plain data; every field has the default the CLI documents.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/source.h"

namespace ks {

inline constexpr uint64_t kDefaultMaxFindings = 1'000'000;

// What `keysweep baseline create|prune` makes a scanning command do with its findings.
enum class BaselineAction {
  kNone,    // report them
  kCreate,  // record them to write a new baseline
  kPrune,   // drop the baseline's entries that were not found again
};

struct RuleOptions {
  std::vector<std::string> dirs;  // --rules DIR, each read as DIR/*.yaml
  bool no_builtin = false;        // only the rules in `dirs` (and the configuration's)
};

// The opt-in live check (STS GetCallerIdentity); nothing is sent unless `enabled`.
struct VerifyOptions {
  bool enabled = false;
  std::string sts_endpoint = "https://sts.amazonaws.com/";
  std::string sts_region = "us-east-1";
  std::string sts_ca_file;  // empty: the system's trust store
  double timeout_s = 10;    // per request
  double deadline_s = 60;   // for the whole run's checks
  int concurrency = 4;
  bool only_verified = false;  // report only findings STS says are live
  bool fail_on_live = false;   // only live findings make the run fail
  std::string user_agent;      // "keysweep/<version>"
};

struct SessionOptions {
  RuleOptions rules;
  bool include_examples = false;
  uint64_t max_file_size = kDefaultMaxFileSize;
  bool max_file_size_given = false;  // set explicitly, so it beats the configuration

  // Configuration and accepted findings (README "Configuration", "Baseline").
  std::string config;      // a trusted configuration file; empty: .keysweep.yaml at the root
  bool no_config = false;  // neither: repository settings are not trusted
  std::string baseline;    // empty: the configuration's, if any
  std::vector<std::string> fail_on_severity;  // empty: the configuration's, else every severity
  BaselineAction baseline_action = BaselineAction::kNone;

  VerifyOptions verify;

  // The report stops after this many findings (--max-findings), with a notice and a
  // "truncated" summary field. Memory does not grow with the findings; the limit bounds what a
  // hostile repository can make keysweep write (a JSON finding is about 1 KB, so about 1 GB) and
  // is far above what a real run reports.
  uint64_t max_findings = kDefaultMaxFindings;
};

}  // namespace ks
