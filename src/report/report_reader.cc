#include "report/report_reader.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

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
  f.playbook = String(j, "playbook");
  f.confidence = OptString(j, "confidence").value_or("high");
  f.example = Flag(j, "example");
  f.canary = Flag(j, "canary");
  f.region = OptString(j, "region");
  f.derived_from_key_id = OptString(j, "derived_from_key_id");
  ResolveSecret(j, &r);
  return r;
}

}  // namespace

Result<std::vector<ReportedFinding>> ReadJsonReport(std::string_view text) {
  const Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return MakeError(ErrorKind::kInput, "the report is not valid JSON");
  if (!doc.is_object() || !doc.contains("findings") || !doc.at("findings").is_array()) {
    return MakeError(ErrorKind::kInput,
                     "not a keysweep JSON report (no \"findings\" array; write one with "
                     "--format json)");
  }
  const Json& findings = doc.at("findings");
  std::vector<ReportedFinding> out;
  for (size_t i = 0; i < findings.size(); ++i) {
    auto r = FromJson(findings.at(i), i);
    if (!r.ok()) return r.error();
    out.push_back(std::move(r).value());
  }
  return out;
}

}  // namespace ks
