// SARIF 2.1.0 (OASIS), the format GitHub code scanning and most CI dashboards ingest. One run;
// the driver lists every rule of the run with its help (the response playbook, see RuleInfo) and
// a GitHub "security-severity"; each result carries the location, a partial fingerprint from the
// finding's content fingerprint (stable across lines and commits, so an alert survives code
// moving), and keysweep's own fields (commit, author, verification, …) in its properties. The
// repository and revision, when the source is git, go into versionControlProvenance.
//
// Each result is written when it is handed over (the document is never held in memory), so the
// run's "results" come first, and what is known only at the end follows them: the driver with
// its rules (a rule no RuleInfo described gets an entry when a result first names it), the
// provenance, the invocation (with a toolExecutionNotification when --max-findings cut the
// report short) and the summary. Paths become percent-encoded URIs, so file names that are not
// UTF-8 still yield valid JSON and valid URIs.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <unordered_map>

#include "report/json_writer.h"
#include "report/reporter.h"

namespace ks {

class SarifReporter : public Reporter {
 public:
  SarifReporter(const ReportOptions& opts, std::ostream& out);
  void OnFinding(const Finding& f) override;
  void Finish(const Summary& s) override;

 private:
  size_t RuleIndex(const std::string& rule_id);
  void Begin();

  ReportOptions opts_;
  std::ostream& out_;
  JsonWriter writer_;
  bool begun_ = false;
  nlohmann::ordered_json rules_;
  std::unordered_map<std::string, size_t> rule_index_;  // rule id -> index in rules_
};

// Percent-encodes everything but RFC 3986 unreserved characters and '/'; an absolute path becomes
// a file:// URI. Exposed for tests.
std::string PathToUri(std::string_view path);

}  // namespace ks
