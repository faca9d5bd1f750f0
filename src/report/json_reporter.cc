#include "report/json_reporter.h"

namespace ks {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

// {"status": ...} plus only the fields that status has: a reason, or the identity STS returned.
Json VerificationJson(const verify::Verdict& v) {
  Json j{{"status", verify::StatusName(v.status)}};
  if (!v.reason.empty()) j["reason"] = v.reason;
  if (v.status == verify::Status::kValid) {
    j["account"] = v.account;
    j["arn"] = v.arn;
    j["user_id"] = v.user_id;
  }
  return j;
}

Json SkippedItemsJson(const SkippedItems& skipped) {
  Json items = Json::array();
  for (const SkippedItem& i : skipped.items) {
    items.push_back(Json{{"path", i.path},
                         {"object", i.object.empty() ? Json(nullptr) : Json(i.object)},
                         {"size", i.size},
                         {"reason", std::string(SkipReasonName(i.reason))}});
  }
  return items;
}

}  // namespace

Json FindingToJson(const Finding& f, const ReportOptions& opts) {
  Json j;
  j["rule"] = f.rule;
  j["severity"] = SeverityName(f.severity);
  j["fingerprint"] = f.fingerprint;
  j["secret"] = DisplaySecret(f, opts);
  j["key_id"] = OrNull(f.key_id);
  j["account_id"] = OrNull(f.account_id);
  j["source"] = SourceKindName(f.source);
  j["path"] = f.path;
  j["line"] = f.line;
  j["column"] = f.column;
  j["commit"] = OrNull(f.commit);
  j["author"] = OrNull(f.author);
  j["email"] = OrNull(f.email);
  j["date"] = OrNull(f.date);
  j["blob"] = OrNull(f.blob);
  j["verification"] = VerificationJson(f.verification);
  j["playbook"] = f.playbook;
  j["confidence"] = f.confidence;
  j["example"] = f.example;
  j["canary"] = f.canary;
  j["region"] = OrNull(f.region);
  j["derived_from_key_id"] = OrNull(f.derived_from_key_id);
  j["repository"] = OrNull(f.repository);
  return j;
}

Json SummaryToJson(const Summary& s) {
  Json j;
  j["bytes_scanned"] = s.bytes_scanned;
  j["blobs_scanned"] = s.blobs_scanned;
  j["commits_scanned"] = s.commits_scanned;
  j["findings"] = s.findings;
  j["live"] = s.verified ? Json(s.live) : Json(nullptr);  // null: the run did not verify
  j["skipped"] = s.skipped;
  j["skipped_items"] = SkippedItemsJson(s.skipped_items);
  j["errors"] = s.errors;
  j["elapsed_ms"] = s.elapsed_ms;
  j["truncated"] = s.truncated;
  return j;
}

Json ToolJson(const ReportOptions& opts) {
  return Json{{"name", "keysweep"}, {"version", opts.version}};
}

JsonReporter::JsonReporter(const ReportOptions& opts, std::ostream& out)
    : opts_(opts), out_(out), writer_(out) {}

// Written with the first finding, or at the end: a run that fails before either leaves no
// half-begun document.
void JsonReporter::Begin() {
  if (begun_) return;
  begun_ = true;
  writer_.BeginObject();
  writer_.Member("tool", ToolJson(opts_));
  writer_.Key("findings");
  writer_.BeginArray();
}

void JsonReporter::OnFinding(const Finding& f) {
  Begin();
  writer_.Value(FindingToJson(f, opts_));
}

void JsonReporter::Finish(const Summary& s) {
  Begin();
  writer_.EndArray();
  writer_.Member("summary", SummaryToJson(s));
  writer_.EndObject();
  writer_.End();
  out_.flush();
}

}  // namespace ks
