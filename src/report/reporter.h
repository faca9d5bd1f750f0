// Reporter: receives findings as they are final and writes one output format.
//
// Reporters own no stream: they write to the std::ostream given at construction, which must
// outlive them. They redact secrets unless ReportOptions::show_secrets is set. Not thread-safe:
// the pipeline calls them from one thread.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "findings/finding.h"
#include "pipeline/finding_sink.h"
#include "pipeline/summary.h"
#include "report/rule_info.h"
#include "util/result.h"

namespace ks {

struct ReportOptions {
  bool show_secrets = false;
  bool color = false;
  std::string version;
  std::vector<RuleInfo> rules;  // every rule of the run, for formats that list them (SARIF)
};

// A reporter is a FindingSink whose writes cannot fail on their own: the stream's state is
// checked once, when the output is closed.
class Reporter : public FindingSink {
 public:
  virtual void OnFinding(const Finding& f) = 0;
  virtual void Finish(const Summary& s) = 0;
  Status Accept(const Finding& f) final {
    OnFinding(f);
    return {};
  }
  Status Complete(const Summary& s) final {
    Finish(s);
    return {};
  }
};

// Format names: "text", "json", "jsonl", "sarif".
Result<std::unique_ptr<Reporter>> MakeReporter(const std::string& format, const ReportOptions& opts,
                                               std::ostream& out);
std::vector<std::string> ReporterFormats();

// The secret as the user asked to see it; "" for a finding without one.
std::string DisplaySecret(const Finding& f, const ReportOptions& opts);

// What a report says about `config-changed` (findings/finding.h), which no rule file describes.
RuleInfo ConfigChangedRuleInfo();
// The sentence a text or SARIF report prints for a config-changed finding.
inline constexpr std::string_view kConfigChangedText =
    "changed in the scanned range: this scan read it as committed at the range's base; review "
    "the change, which applies to every scan once merged";

// One summary line, e.g. "keysweep: scanned 1.2 MiB in 3 files, 0 commits; 2 findings in 15 ms".
std::string SummaryLine(const Summary& s);

}  // namespace ks
