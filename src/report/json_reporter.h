// One JSON object: {"tool", "summary", "findings"}. Findings are buffered and written by
// Finish(). Every field of a finding is present; those that do not apply are null.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "report/reporter.h"

namespace ks {

class JsonReporter : public Reporter {
 public:
  JsonReporter(const ReportOptions& opts, std::ostream& out);
  void OnFinding(const Finding& f) override;
  void Finish(const Summary& s) override;

 private:
  ReportOptions opts_;
  std::ostream& out_;
  nlohmann::ordered_json findings_;
};

nlohmann::ordered_json FindingToJson(const Finding& f, const ReportOptions& opts);
nlohmann::ordered_json SummaryToJson(const Summary& s);
// {"name": "keysweep", "version": …}
nlohmann::ordered_json ToolJson(const ReportOptions& opts);

}  // namespace ks
