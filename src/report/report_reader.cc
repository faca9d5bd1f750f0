#include "report/report_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/file.h"

namespace ks {
namespace {

using Json = nlohmann::json;

std::optional<std::string> OptString(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::string String(const Json& j, const char* key) { return OptString(j, key).value_or(""); }

bool Flag(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

uint64_t Number(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

std::optional<verify::Status> ParseStatus(std::string_view name) {
  for (verify::Status s :
       {verify::Status::kNotChecked, verify::Status::kValid, verify::Status::kInvalid,
        verify::Status::kExpired, verify::Status::kUnknown, verify::Status::kSkipped}) {
    if (verify::StatusName(s) == name) return s;
  }
  return std::nullopt;
}

// The "verification" object of a finding as JsonReporter writes it; not_checked if absent.
verify::Verdict VerdictFromJson(const Json& finding) {
  verify::Verdict v;
  const auto it = finding.find("verification");
  if (it == finding.end() || !it->is_object()) return v;
  v.status = ParseStatus(String(*it, "status")).value_or(verify::Status::kNotChecked);
  v.reason = String(*it, "reason");
  v.account = String(*it, "account");
  v.arn = String(*it, "arn");
  v.user_id = String(*it, "user_id");
  return v;
}

SourceKind Kind(const std::string& name) {
  for (SourceKind k :
       {SourceKind::kFile, SourceKind::kStdin, SourceKind::kStaged, SourceKind::kHistory}) {
    if (SourceKindName(k) == name) return k;
  }
  return SourceKind::kFile;
}

// The secret is known when the report's value, or for a key-ID finding its key_id, reproduces
// the fingerprint: a redacted "AKIA…" never does.
void ResolveSecret(const Json& j, ReportedFinding* out) {
  Finding& f = out->finding;
  for (const std::optional<std::string>& candidate : {OptString(j, "secret"), f.key_id}) {
    if (candidate && Fingerprint(f.rule, Secret(*candidate)) == f.fingerprint) {
      f.secret = Secret(*candidate);
      out->secret_known = true;
      return;
    }
  }
  f.secret = Secret(String(j, "secret"));
}

Result<ReportedFinding> FromJson(const Json& j, size_t index) {
  if (!j.is_object() || !OptString(j, "rule") || !OptString(j, "fingerprint") ||
      !OptString(j, "path")) {
    return MakeError(ErrorKind::kInput,
                     fmt::format("finding {} lacks rule, fingerprint or path", index));
  }
  ReportedFinding r;
  Finding& f = r.finding;
  f.rule = String(j, "rule");
  ParseSeverity(String(j, "severity"), &f.severity);
  f.fingerprint = String(j, "fingerprint");
  f.key_id = OptString(j, "key_id");
  f.account_id = OptString(j, "account_id");
  f.source = Kind(String(j, "source"));
  f.path = String(j, "path");
  f.line = Number(j, "line");
  f.column = Number(j, "column");
  f.commit = OptString(j, "commit");
  f.author = OptString(j, "author");
  f.email = OptString(j, "email");
  f.date = OptString(j, "date");
  f.blob = OptString(j, "blob");
  f.repository = OptString(j, "repository");
  f.playbook = String(j, "playbook");
  f.confidence = OptString(j, "confidence").value_or("high");
  f.example = Flag(j, "example");
  f.canary = Flag(j, "canary");
  f.region = OptString(j, "region");
  f.derived_from_key_id = OptString(j, "derived_from_key_id");
  ResolveSecret(j, &r);
  r.reported_verification = VerdictFromJson(j);
  return r;
}

constexpr const char* kNotAReport =
    "not a keysweep report (neither a JSON report with a \"findings\" array nor JSON Lines; "
    "write one with --format json or jsonl)";

Result<std::vector<ReportedFinding>> FromArray(const Json& findings) {
  if (!findings.is_array()) return MakeError(ErrorKind::kInput, kNotAReport);
  std::vector<ReportedFinding> out;
  for (size_t i = 0; i < findings.size(); ++i) {
    auto r = FromJson(findings.at(i), i);
    if (!r.ok()) return r.error();
    out.push_back(std::move(r).value());
  }
  return out;
}

// JSON Lines (--format jsonl, possibly several runs concatenated): finding objects, and summary
// lines, which are skipped.
Result<std::vector<ReportedFinding>> FromLines(std::string_view text) {
  std::vector<ReportedFinding> out;
  size_t line_no = 0, summaries = 0;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      return MakeError(
          ErrorKind::kInput,
          fmt::format("the report is not valid JSON or JSON Lines (line {})", line_no));
    }
    if (j.is_object() && j.contains("summary")) {
      ++summaries;
      continue;
    }
    auto r = FromJson(j, out.size());
    if (!r.ok())
      return MakeError(ErrorKind::kInput, fmt::format("line {}: {}", line_no, r.error().message));
    out.push_back(std::move(r).value());
  }
  if (out.empty() && summaries == 0) return MakeError(ErrorKind::kInput, kNotAReport);
  return out;
}

}  // namespace

Result<std::vector<ReportedFinding>> ReadJsonReport(std::string_view text) {
  const Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded() && doc.is_object() && doc.contains("findings")) {
    return FromArray(doc.at("findings"));
  }
  if (!doc.is_discarded() && !(doc.is_object() && doc.contains("rule"))) {
    return MakeError(ErrorKind::kInput, kNotAReport);
  }
  return FromLines(text);
}

Result<std::vector<ReportedFinding>> ReadJsonReportFile(const std::string& path) {
  std::string text;
  if (!ReadFileToString(path, &text)) return MakeError(ErrorKind::kInput, "cannot read " + path);
  auto reported = ReadJsonReport(text);
  if (!reported.ok()) return MakeError(ErrorKind::kInput, path + ": " + reported.error().message);
  return reported;
}

}  // namespace ks
