// JSON Lines: one finding object per line (the same object as in the JSON report's "findings"
// array), written and flushed as the pipeline hands it over, then one last line
// {"tool": …, "summary": …}. The outputs of several runs (the shards of an organisation-wide
// scan) concatenate into one valid stream; report_reader reads both forms back.
#pragma once

#include <ostream>

#include "report/reporter.h"

namespace ks {

class JsonlReporter : public Reporter {
 public:
  JsonlReporter(const ReportOptions& opts, std::ostream& out) : opts_(opts), out_(out) {}
  void OnFinding(const Finding& f) override;
  void Finish(const Summary& s) override;

 private:
  ReportOptions opts_;
  std::ostream& out_;
};

}  // namespace ks
