#include "rules/rule_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "util/file.h"
#include "util/yaml_reader.h"

namespace ks {
namespace {

const std::set<std::string> kRuleKeys = {"id",           "name",     "description",      "pattern",
                                         "secret_group", "filters",  "severity",         "playbook",
                                         "references",   "examples", "negative_examples"};
const std::set<std::string> kFilterKeys = {"min_entropy", "min_char_classes", "reject_hex",
                                           "boundary"};

// Collects errors for one file; every Get* reports a problem and returns false.
class FileParser {
 public:
  FileParser(const std::string& file, std::vector<std::string>* errors)
      : file_(file), errors_(errors) {}

  void Parse(const std::string& text, std::vector<Rule>* out);

 private:
  SourceLoc Loc(const YAML::Node& n) const { return SourceLoc{file_, YamlLine(n)}; }
  void Fail(const YAML::Node& n, const std::string& msg);

  bool ParseRule(const YAML::Node& n, Rule* rule);
  bool CheckKeys(const YAML::Node& n, const std::set<std::string>& allowed, const char* what);
  bool GetString(const YAML::Node& map, const char* key, bool required, std::string* out);
  bool GetStringList(const YAML::Node& map, const char* key, std::vector<std::string>* out);
  bool GetInt(const YAML::Node& n, const char* key, int lo, int hi, int* out);
  bool GetDouble(const YAML::Node& n, const char* key, double lo, double hi, double* out);
  bool GetBool(const YAML::Node& n, const char* key, bool* out);
  bool GetSecretGroups(const YAML::Node& map, std::vector<int>* out);
  bool ParseFilters(const YAML::Node& n, RuleFilters* f);
  bool ParseEnums(const YAML::Node& n, Rule* rule);

  std::string file_;
  std::string rule_id_;  // for messages
  std::vector<std::string>* errors_;
};

// Lowercase letters, digits and dashes, not starting with a dash.
bool IsIdShape(const std::string& s) {
  if (s.empty() || s[0] == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void FileParser::Fail(const YAML::Node& n, const std::string& msg) {
  const std::string who = rule_id_.empty() ? "" : fmt::format("rule {}: ", rule_id_);
  errors_->push_back(FileLineMessage(file_, YamlLine(n), who + msg));
}

void FileParser::Parse(const std::string& text, std::vector<Rule>* out) {
  auto parsed = ParseYaml(text, file_);
  if (!parsed.ok()) return errors_->push_back(parsed.error().message);
  const YAML::Node& root = parsed.value();
  if (!root.IsMap() || !root["rules"] || !root["rules"].IsSequence()) {
    errors_->push_back(fmt::format("{}:1: expected a mapping with a 'rules' list", file_));
    return;
  }
  if (!CheckKeys(root, {"rules"}, "file")) return;
  for (const YAML::Node& n : root["rules"]) {
    Rule rule;
    rule_id_.clear();
    if (ParseRule(n, &rule)) out->push_back(std::move(rule));
  }
}

bool FileParser::CheckKeys(const YAML::Node& n, const std::set<std::string>& allowed,
                           const char* what) {
  const std::vector<YamlKeyProblem> problems = CheckYamlKeys(n, allowed, what);
  for (const YamlKeyProblem& p : problems) Fail(p.key, p.message);
  return problems.empty();
}

bool FileParser::GetString(const YAML::Node& map, const char* key, bool required,
                           std::string* out) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) Fail(map, fmt::format("missing required field '{}'", key));
    return !required;
  }
  if (!n.IsScalar() || n.Scalar().empty()) {
    Fail(n, fmt::format("'{}' must be a non-empty string", key));
    return false;
  }
  *out = n.Scalar();
  return true;
}

bool FileParser::GetStringList(const YAML::Node& map, const char* key,
                               std::vector<std::string>* out) {
  const YAML::Node n = map[key];
  if (!n || !n.IsSequence() || n.size() == 0) {
    Fail(n ? n : map, fmt::format("'{}' must be a non-empty list of strings", key));
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : n) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      Fail(item, fmt::format("every entry of '{}' must be a non-empty string", key));
      ok = false;
      continue;
    }
    out->push_back(item.Scalar());
  }
  return ok;
}

bool FileParser::GetInt(const YAML::Node& map, const char* key, int lo, int hi, int* out) {
  const YAML::Node n = map[key];
  if (!n) return true;
  int v = 0;
  if (!n.IsScalar() || !YAML::convert<int>::decode(n, v) || v < lo || v > hi) {
    Fail(n, fmt::format("'{}' must be an integer from {} to {}", key, lo, hi));
    return false;
  }
  *out = v;
  return true;
}

bool FileParser::GetDouble(const YAML::Node& map, const char* key, double lo, double hi,
                           double* out) {
  const YAML::Node n = map[key];
  if (!n) return true;
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !(v >= lo && v <= hi)) {
    Fail(n, fmt::format("'{}' must be a number from {} to {}", key, lo, hi));
    return false;
  }
  *out = v;
  return true;
}

bool FileParser::GetBool(const YAML::Node& map, const char* key, bool* out) {
  const YAML::Node n = map[key];
  if (!n) return true;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, *out)) {
    Fail(n, fmt::format("'{}' must be true or false", key));
    return false;
  }
  return true;
}

// `secret_group: 1` or `secret_group: [1, 2]`.
bool FileParser::GetSecretGroups(const YAML::Node& map, std::vector<int>* out) {
  const YAML::Node n = map["secret_group"];
  if (!n) return true;
  std::vector<int> groups;
  auto add = [&groups](const YAML::Node& item) {
    int v = -1;
    if (!item.IsScalar() || !YAML::convert<int>::decode(item, v) || v < 0 || v > 99) return false;
    groups.push_back(v);
    return true;
  };
  bool ok = n.IsSequence() ? n.size() > 0 : add(n);
  if (n.IsSequence()) {
    for (const YAML::Node& item : n) ok &= add(item);
  }
  if (!ok) Fail(n, "'secret_group' must be a group number from 0 to 99, or a list of them");
  if (ok) *out = std::move(groups);
  return ok;
}

bool FileParser::ParseFilters(const YAML::Node& map, RuleFilters* f) {
  const YAML::Node n = map["filters"];
  if (!n) return true;
  if (!n.IsMap()) {
    Fail(n, "'filters' must be a mapping");
    return false;
  }
  bool ok = CheckKeys(n, kFilterKeys, "filter");
  ok &= GetDouble(n, "min_entropy", 0.0, 8.0, &f->min_entropy);
  ok &= GetInt(n, "min_char_classes", 0, 4, &f->min_char_classes);
  ok &= GetBool(n, "reject_hex", &f->reject_hex);
  std::string boundary;
  if (GetString(n, "boundary", false, &boundary) && !boundary.empty() &&
      !ParseBoundary(boundary, &f->boundary)) {
    Fail(n["boundary"], "'boundary' must be one of none, word, base64");
    ok = false;
  }
  return ok;
}

bool FileParser::ParseEnums(const YAML::Node& n, Rule* rule) {
  bool ok = true;
  if (!rule->id.empty() && !IsIdShape(rule->id)) {
    Fail(n["id"], "'id' must be lowercase letters, digits and dashes");
    ok = false;
  }
  if (!rule->playbook.empty() && !IsIdShape(rule->playbook)) {
    Fail(n["playbook"], "'playbook' must be lowercase letters, digits and dashes");
    ok = false;
  }
  std::string severity;
  if (GetString(n, "severity", true, &severity) && !ParseSeverity(severity, &rule->severity)) {
    Fail(n["severity"], "'severity' must be one of info, low, medium, high, critical");
    ok = false;
  }
  return ok && !severity.empty();
}

bool FileParser::ParseRule(const YAML::Node& n, Rule* rule) {
  if (!n.IsMap()) {
    Fail(n, "each rule must be a mapping");
    return false;
  }
  rule->loc = Loc(n);
  if (n["id"] && n["id"].IsScalar()) rule_id_ = n["id"].Scalar();
  bool ok = CheckKeys(n, kRuleKeys, "rule");
  ok &= GetString(n, "id", true, &rule->id);
  ok &= GetString(n, "name", true, &rule->name);
  ok &= GetString(n, "description", true, &rule->description);
  ok &= GetString(n, "pattern", true, &rule->pattern);
  ok &= GetString(n, "playbook", true, &rule->playbook);
  ok &= GetSecretGroups(n, &rule->secret_groups);
  ok &= ParseFilters(n, &rule->filters);
  ok &= ParseEnums(n, rule);
  ok &= GetStringList(n, "references", &rule->references);
  ok &= GetStringList(n, "examples", &rule->examples);
  ok &= GetStringList(n, "negative_examples", &rule->negative_examples);
  if (n["pattern"]) rule->pattern_loc = Loc(n["pattern"]);
  return ok;
}

void CheckDuplicateIds(const std::vector<Rule>& rules, std::vector<std::string>* errors) {
  for (size_t i = 0; i < rules.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (rules[i].id == rules[j].id) {
        errors->push_back(fmt::format("{}: rule {}: duplicate id (first defined at {})",
                                      rules[i].loc.ToString(), rules[i].id,
                                      rules[j].loc.ToString()));
      }
    }
  }
}

}  // namespace

Result<RuleSet> LoadRules(const std::vector<RuleSource>& sources) { return LoadRules({}, sources); }

Result<RuleSet> LoadRules(std::vector<Rule> preloaded, const std::vector<RuleSource>& sources) {
  std::vector<Rule> rules = std::move(preloaded);
  std::vector<std::string> errors;
  for (const RuleSource& src : sources) {
    const Status s =
        GuardYaml(src.name, [&] { FileParser(src.name, &errors).Parse(src.text, &rules); });
    if (!s) errors.push_back(s.error().message);
  }
  CheckDuplicateIds(rules, &errors);
  if (rules.empty() && errors.empty()) errors.push_back("no rules were loaded");
  if (!errors.empty()) return YamlProblems(ErrorKind::kRules, errors);
  return RuleSet(std::move(rules));
}

Result<std::vector<RuleSource>> ReadRuleDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string ext = it->path().extension().string();
    if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return MakeError(ErrorKind::kRules, fmt::format("{}: {}", dir, ec.message()));
  if (files.empty())
    return MakeError(ErrorKind::kRules, fmt::format("{}: no *.yaml rule files", dir));
  std::sort(files.begin(), files.end());
  std::vector<RuleSource> out;
  for (const fs::path& p : files) {
    std::string text;
    if (!ReadFileToString(p.string(), &text)) {
      return MakeError(ErrorKind::kRules, p.string() + ": cannot read");
    }
    out.push_back(RuleSource{p.string(), std::move(text)});
  }
  return out;
}

}  // namespace ks
