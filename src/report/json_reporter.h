// One JSON object: {"tool", "findings", "summary"}. Each finding is written when it is handed
// over (the document is never held in memory), so the summary, known only at the end, comes
// after the findings array. Every field of a finding is present; those that do not apply are
// null.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "report/json_writer.h"
#include "report/reporter.h"

namespace ks {

class JsonReporter : public Reporter {
 public:
  JsonReporter(const ReportOptions& opts, std::ostream& out);
  void OnFinding(const Finding& f) override;
  void Finish(const Summary& s) override;

 private:
  void Begin();

  ReportOptions opts_;
  std::ostream& out_;
  JsonWriter writer_;
  bool begun_ = false;
};

nlohmann::ordered_json FindingToJson(const Finding& f, const ReportOptions& opts);
nlohmann::ordered_json SummaryToJson(const Summary& s);
// {"name": "keysweep", "version": …}
nlohmann::ordered_json ToolJson(const ReportOptions& opts);

}  // namespace ks
