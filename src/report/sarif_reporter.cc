#include "report/sarif_reporter.h"

#include <fmt/format.h>

#include "report/json_reporter.h"

namespace ks {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kSrcRoot = "%SRCROOT%";

// SARIF has three levels for a failing result.
const char* Level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

// GitHub ranks alerts by this CVSS-like score: over 9.0 is critical, 7.0-8.9 high, 4.0-6.9
// medium, below low.
const char* SecuritySeverity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
    default:
      return "1.0";
  }
}

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

// "aws-access-key-id" → "AwsAccessKeyId": SARIF wants rule names to read like identifiers.
std::string PascalCase(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return out;
}

Json RuleJson(const RuleInfo& r) {
  Json j{{"id", r.id}, {"name", PascalCase(r.id)}};
  j["shortDescription"] = Json{{"text", r.name.empty() ? r.id : r.name}};
  if (!r.description.empty()) j["fullDescription"] = Json{{"text", r.description}};
  if (!r.help_text.empty()) {
    j["help"] = Json{{"text", r.help_text}, {"markdown", r.help_markdown}};
  }
  j["defaultConfiguration"] = Json{{"level", Level(r.severity)}};
  j["properties"] = Json{{"security-severity", SecuritySeverity(r.severity)},
                         {"tags", Json::array({"security", "secret"})},
                         {"precision", "high"}};
  if (!r.playbook.empty()) j["properties"]["playbook"] = r.playbook;
  return j;
}

// "./a/b" and "a/b" name the same file; SARIF consumers match on the relative form.
std::string_view WithoutDotSlash(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  return path;
}

Json ArtifactLocation(std::string_view path) {
  path = WithoutDotSlash(path);
  if (path.starts_with("/")) return Json{{"uri", PathToUri(path)}};
  return Json{{"uri", PathToUri(path)}, {"uriBaseId", kSrcRoot}};
}

Json LocationJson(const Finding& f) {
  Json physical{{"artifactLocation", ArtifactLocation(f.path)}};
  if (f.line > 0) {
    physical["region"] =
        Json{{"startLine", f.line}, {"startColumn", std::max<uint64_t>(1, f.column)}};
  }
  return Json{{"physicalLocation", std::move(physical)}};
}

std::string ConfigChangedMessage(const Finding& f) {
  return fmt::format("{} {} in commit {} by {} on {}.", f.path, kConfigChangedText,
                     f.commit.value_or("?").substr(0, 12), f.author.value_or("?"),
                     f.date.value_or("?"));
}

std::string MessageText(const Finding& f, const ReportOptions& opts, std::string_view rule_name) {
  if (f.rule == kConfigChangedRule) return ConfigChangedMessage(f);
  std::string text = fmt::format("{} {}", rule_name, DisplaySecret(f, opts));
  if (f.key_id && *f.key_id != f.secret.Reveal()) text += fmt::format(" for key {}", *f.key_id);
  if (f.account_id) text += fmt::format(" (account {})", *f.account_id);
  if (f.commit) {
    text += fmt::format(", introduced in commit {} by {} on {}", f.commit->substr(0, 12),
                        f.author.value_or("?"), f.date.value_or("?"));
  }
  if (f.verification.status == verify::Status::kValid) text += ". STS says it is LIVE";
  text += ". Rotate it: removing it from the code does not remove it from git history";
  if (!f.playbook.empty()) text += fmt::format("; response: `keysweep playbook {}`", f.playbook);
  return text + ".";
}

// keysweep's own fields, as in the JSON report, minus what SARIF already says elsewhere.
Json ResultProperties(const Finding& f, const ReportOptions& opts) {
  Json j = FindingToJson(f, opts);
  for (const char* key : {"rule", "path", "line", "column", "fingerprint"}) j.erase(key);
  return j;
}

Json VersionControl(const Summary& s) {
  Json v{{"repositoryUri", PathToUri(s.repository)}};
  if (!s.revision.empty()) v["revisionId"] = s.revision;
  if (!s.branch.empty()) v["branch"] = s.branch;
  return Json::array({std::move(v)});
}

Json DriverJson(const ReportOptions& opts, Json rules) {
  Json driver{{"name", "keysweep"}, {"version", opts.version}};
  driver["semanticVersion"] = opts.version;
  driver["rules"] = std::move(rules);
  return Json{{"driver", std::move(driver)}};
}

// One notification per skipped item listed (SkippedItems bounds them), naming the file.
void AddSkipped(const Summary& s, Json* notes) {
  for (const SkippedItem& i : s.skipped_items.items) {
    Json location{
        {"physicalLocation", Json{{"artifactLocation", Json{{"uri", PathToUri(i.path)}}}}}};
    notes->push_back(Json{{"level", "error"},
                          {"descriptor", Json{{"id", "skipped"}}},
                          {"message", Json{{"text", DescribeSkipped(i, s.max_file_size)}}},
                          {"locations", Json::array({std::move(location)})}});
  }
  if (s.skipped > s.skipped_items.items.size()) {
    notes->push_back(
        Json{{"level", "error"},
             {"descriptor", Json{{"id", "skipped"}}},
             {"message", Json{{"text", fmt::format("{} more items were not scanned.",
                                                   s.skipped - s.skipped_items.items.size())}}}});
  }
}

// A report cut short at --max-findings, or one that left content unscanned, is not a
// successful execution, and says why.
Json InvocationsJson(const Summary& s) {
  Json invocation{{"executionSuccessful", s.errors == 0 && !s.truncated && s.skipped == 0}};
  Json notes = Json::array();
  if (s.truncated) {
    notes.push_back(Json{
        {"level", "warning"},
        {"descriptor", Json{{"id", "max-findings"}}},
        {"message",
         Json{{"text", fmt::format("The report stopped after {} findings (--max-findings): it is "
                                   "incomplete, more findings were left out.",
                                   s.findings)}}}});
  }
  AddSkipped(s, &notes);
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);
  return Json::array({std::move(invocation)});
}

}  // namespace

std::string PathToUri(std::string_view path) {
  std::string out = path.starts_with("/") ? "file://" : "";
  for (unsigned char c : path) {
    if (Unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

SarifReporter::SarifReporter(const ReportOptions& opts, std::ostream& out)
    : opts_(opts), out_(out), writer_(out), rules_(Json::array()) {
  for (const RuleInfo& r : opts_.rules) rules_.push_back(RuleJson(r));
}

// Rules the caller did not describe (none given) still need an entry for ruleIndex to point at.
size_t SarifReporter::RuleIndex(const std::string& rule_id) {
  if (auto it = rule_index_.find(rule_id); it != rule_index_.end()) return it->second;
  size_t i = 0;
  while (i < rules_.size() && rules_[i]["id"] != rule_id) ++i;
  if (i == rules_.size()) {
    RuleInfo info;
    info.id = rule_id;
    rules_.push_back(RuleJson(rule_id == kConfigChangedRule ? ConfigChangedRuleInfo() : info));
  }
  rule_index_.emplace(rule_id, i);
  return i;
}

// Written with the first result, or at the end: a run that fails before either leaves no
// half-begun document.
void SarifReporter::Begin() {
  if (begun_) return;
  begun_ = true;
  writer_.BeginObject();
  writer_.Member("$schema", kSchema);
  writer_.Member("version", "2.1.0");
  writer_.Key("runs");
  writer_.BeginArray();
  writer_.BeginObject();
  writer_.Key("results");
  writer_.BeginArray();
}

void SarifReporter::OnFinding(const Finding& f) {
  Begin();
  const size_t index = RuleIndex(f.rule);
  const Json& rule = rules_[index];
  Json r{{"ruleId", f.rule}, {"ruleIndex", index}, {"level", Level(f.severity)}};
  r["message"] =
      Json{{"text", MessageText(f, opts_, rule["shortDescription"]["text"].get<std::string>())}};
  r["locations"] = Json::array({LocationJson(f)});
  r["partialFingerprints"] = Json{{"keysweep/v1", f.fingerprint}};
  r["properties"] = ResultProperties(f, opts_);
  writer_.Value(r);
}

void SarifReporter::Finish(const Summary& s) {
  Begin();
  writer_.EndArray();
  writer_.Member("tool", DriverJson(opts_, std::move(rules_)));
  if (!s.repository.empty()) {
    writer_.Member("versionControlProvenance", VersionControl(s));
    writer_.Member("originalUriBaseIds",
                   Json{{kSrcRoot, Json{{"uri", PathToUri(s.repository + "/")}}}});
  }
  writer_.Member("invocations", InvocationsJson(s));
  writer_.Member("properties", Json{{"summary", SummaryToJson(s)}});
  writer_.EndObject();
  writer_.EndArray();
  writer_.EndObject();
  writer_.End();
  out_.flush();
}

}  // namespace ks
