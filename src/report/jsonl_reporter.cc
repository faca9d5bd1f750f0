#include "report/jsonl_reporter.h"

#include "report/json_reporter.h"

namespace ks {
namespace {

using Json = nlohmann::ordered_json;

// One line: dump() without indentation never emits a newline, and invalid UTF-8 in git paths is
// replaced rather than thrown on.
void WriteLine(std::ostream& out, const Json& j) {
  out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  out.flush();  // a consumer tailing the stream sees each finding when it is final
}

}  // namespace

void JsonlReporter::OnFinding(const Finding& f) { WriteLine(out_, FindingToJson(f, opts_)); }

void JsonlReporter::Finish(const Summary& s) {
  Json line;
  line["tool"] = ToolJson(opts_);
  line["summary"] = SummaryToJson(s);
  WriteLine(out_, line);
}

}  // namespace ks
