// Catalogue::Load: YAML → Playbook, with every problem reported as file:line. yaml-cpp's
// exceptions stop here.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "playbook/playbook.h"
#include "playbook/values.h"
#include "util/yaml_reader.h"

namespace ks::playbook {
namespace {

const std::set<std::string> kTopKeys = {"id",      "title",       "summary", "escalate",
                                        "contain", "investigate", "recover", "harden"};
const std::set<std::string> kStepKeys = {"do", "why", "run", "regions", "only_for"};
const std::set<std::string> kTextKeys = {"en", "ja"};
const std::set<std::string> kEscalateKeys = {"to", "when"};

constexpr std::string_view kRegionVariable = "\"$region\"";

// Collects the errors of one file; every Parse*/Get* reports a problem and returns false.
class FileParser {
 public:
  FileParser(std::string file, std::vector<std::string>* errors)
      : file_(std::move(file)), errors_(errors) {}

  bool Parse(const std::string& text, Playbook* out);

 private:
  void Fail(const YAML::Node& n, const std::string& msg) {
    errors_->push_back(FileLineMessage(file_, YamlLine(n), msg));
  }

  bool CheckKeys(const YAML::Node& n, const std::set<std::string>& allowed, const char* what);
  bool GetString(const YAML::Node& map, const char* key, std::string* out);
  bool GetText(const YAML::Node& map, const char* key, bool placeholders, Text* out);
  bool CheckPlaceholders(const YAML::Node& n, const std::string& text);
  bool ParseEscalation(const YAML::Node& map, Playbook* pb);
  bool ParsePhase(const YAML::Node& map, Phase phase, std::vector<Step>* out);
  bool ParseStep(const YAML::Node& n, Step* step);
  bool ParseCommands(const YAML::Node& map, Step* step);
  bool ParseRegions(const YAML::Node& map, RegionLoop* out);
  bool ParseOnlyFor(const YAML::Node& map, Identity* out);
  bool CheckCommand(const YAML::Node& n, const std::string& cmd, RegionLoop loop);

  std::string file_;
  std::vector<std::string>* errors_;
};

bool FileParser::Parse(const std::string& text, Playbook* out) {
  auto parsed = ParseYaml(text, file_);
  if (!parsed.ok()) {
    errors_->push_back(parsed.error().message);
    return false;
  }
  const YAML::Node& root = parsed.value();
  if (!root.IsMap()) {
    errors_->push_back(fmt::format("{}:1: expected a mapping (id, title, summary, phases)", file_));
    return false;
  }
  out->file = file_;
  bool ok = CheckKeys(root, kTopKeys, "playbook");
  ok &= GetString(root, "id", &out->id);
  ok &= GetText(root, "title", /*placeholders=*/false, &out->title);
  // The summary is also SARIF help text, where there is no finding to fill anything in.
  ok &= GetText(root, "summary", /*placeholders=*/false, &out->summary);
  ok &= ParseEscalation(root, out);
  for (Phase p : kPhases) ok &= ParsePhase(root, p, &out->phases[static_cast<size_t>(p)]);
  return ok;
}

bool FileParser::CheckKeys(const YAML::Node& n, const std::set<std::string>& allowed,
                           const char* what) {
  const std::vector<YamlKeyProblem> problems = CheckYamlKeys(n, allowed, what);
  for (const YamlKeyProblem& p : problems) Fail(p.key, p.message);
  return problems.empty();
}

bool FileParser::GetString(const YAML::Node& map, const char* key, std::string* out) {
  const YAML::Node n = map[key];
  if (!n) {
    Fail(map, fmt::format("missing required field '{}'", key));
    return false;
  }
  if (!n.IsScalar() || n.Scalar().empty()) {
    Fail(n, fmt::format("'{}' must be a non-empty string", key));
    return false;
  }
  *out = n.Scalar();
  return true;
}

// {en: …, ja: …}: both languages, always, so no reader gets half a playbook.
bool FileParser::GetText(const YAML::Node& map, const char* key, bool placeholders, Text* out) {
  const YAML::Node n = map[key];
  if (!n || !n.IsMap()) {
    Fail(n ? n : map, fmt::format("'{}' must be a mapping with 'en' and 'ja' text", key));
    return false;
  }
  bool ok = CheckKeys(n, kTextKeys, "text");
  ok &= GetString(n, "en", &out->en);
  ok &= GetString(n, "ja", &out->ja);
  for (const std::string* s : {&out->en, &out->ja}) {
    if (placeholders) {
      ok &= CheckPlaceholders(n, *s);
    } else if (!PlaceholdersIn(*s).empty()) {
      Fail(n, fmt::format("'{}' cannot hold placeholders", key));
      ok = false;
    }
  }
  return ok;
}

bool FileParser::CheckPlaceholders(const YAML::Node& n, const std::string& text) {
  bool ok = true;
  for (const std::string& name : PlaceholdersIn(text)) {
    if (!ParsePlaceholder(name)) {
      Fail(n, fmt::format("unknown placeholder {{{}}} (known: {{key_id}}, {{account}}, "
                          "{{user_name}}, {{role_name}}, {{region}})",
                          name));
      ok = false;
    }
  }
  return ok;
}

bool FileParser::ParseEscalation(const YAML::Node& map, Playbook* pb) {
  const YAML::Node n = map["escalate"];
  if (!n) return true;
  if (!n.IsMap()) {
    Fail(n, "'escalate' must be a mapping with 'to' and 'when'");
    return false;
  }
  Escalation e;
  bool ok = CheckKeys(n, kEscalateKeys, "escalate");
  ok &= GetString(n, "to", &e.to);
  ok &= GetText(n, "when", /*placeholders=*/true, &e.when);
  if (ok) pb->escalate = std::move(e);
  return ok;
}

bool FileParser::ParsePhase(const YAML::Node& map, Phase phase, std::vector<Step>* out) {
  const std::string key(PhaseKey(phase));
  const YAML::Node n = map[key];
  if (!n || !n.IsSequence() || n.size() == 0) {
    Fail(n ? n : map, fmt::format("'{}' must be a non-empty list of steps", key));
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : n) {
    Step step;
    if (ParseStep(item, &step)) {
      out->push_back(std::move(step));
    } else {
      ok = false;
    }
  }
  return ok;
}

bool FileParser::ParseStep(const YAML::Node& n, Step* step) {
  if (!n.IsMap()) {
    Fail(n, "a step must be a mapping with 'do' and 'why'");
    return false;
  }
  bool ok = CheckKeys(n, kStepKeys, "step");
  ok &= GetText(n, "do", /*placeholders=*/true, &step->action);
  ok &= GetText(n, "why", /*placeholders=*/true, &step->why);
  ok &= ParseRegions(n, &step->loop);
  ok &= ParseOnlyFor(n, &step->identity);
  return ok && ParseCommands(n, step);
}

bool FileParser::ParseRegions(const YAML::Node& map, RegionLoop* out) {
  const YAML::Node n = map["regions"];
  if (!n) return true;
  const std::string v = n.IsScalar() ? n.Scalar() : "";
  if (v == "all") {
    *out = RegionLoop::kAlways;
  } else if (v == "finding-or-all") {
    *out = RegionLoop::kWhenUnknown;
  } else {
    Fail(n, "'regions' must be 'all' or 'finding-or-all'");
    return false;
  }
  return true;
}

bool FileParser::ParseOnlyFor(const YAML::Node& map, Identity* out) {
  const YAML::Node n = map["only_for"];
  if (!n) return true;
  const std::string v = n.IsScalar() ? n.Scalar() : "";
  if (v == "user") {
    *out = Identity::kUser;
  } else if (v == "role") {
    *out = Identity::kRole;
  } else if (v == "root") {
    *out = Identity::kRoot;
  } else {
    Fail(n, "'only_for' must be 'user', 'role' or 'root'");
    return false;
  }
  return true;
}

bool FileParser::ParseCommands(const YAML::Node& map, Step* step) {
  const YAML::Node n = map["run"];
  if (!n) {
    if (step->loop == RegionLoop::kNone) return true;
    Fail(map, "'regions' needs commands to run ('run')");
    return false;
  }
  if (!n.IsSequence() || n.size() == 0) {
    Fail(n, "'run' must be a non-empty list of commands");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : n) {
    if (!item.IsScalar()) {
      Fail(item, "a command must be a string");
      ok = false;
      continue;
    }
    ok &= CheckCommand(item, item.Scalar(), step->loop);
    step->commands.push_back(item.Scalar());
  }
  return ok;
}

// One line of AWS CLI whose region handling matches the step's `regions`.
bool FileParser::CheckCommand(const YAML::Node& n, const std::string& cmd, RegionLoop loop) {
  const auto fail = [&](const std::string& msg) {
    Fail(n, fmt::format("command '{}': {}", cmd, msg));
    return false;
  };
  if (cmd.substr(0, 4) != "aws " || cmd.find('\n') != std::string::npos) {
    return fail("must be one line starting with 'aws '");
  }
  if (!CheckPlaceholders(n, cmd)) return false;
  const auto names = PlaceholdersIn(cmd);
  const bool uses_region = std::find(names.begin(), names.end(), "region") != names.end();
  const bool uses_variable = cmd.find("$region") != std::string::npos;
  switch (loop) {
    case RegionLoop::kNone:
      if (uses_variable) return fail("uses \"$region\" but the step has no 'regions'");
      break;
    case RegionLoop::kAlways:
      if (uses_region || cmd.find(kRegionVariable) == std::string::npos) {
        return fail("with 'regions: all' a command takes --region \"$region\", not {region}");
      }
      break;
    case RegionLoop::kWhenUnknown:
      if (!uses_region || uses_variable) {
        return fail("with 'regions: finding-or-all' a command takes --region {region}");
      }
      break;
  }
  return true;
}

// "playbooks/aws-access-key.yaml" → "aws-access-key".
std::string IdFromName(const std::string& name) {
  return std::filesystem::path(name).stem().string();
}

// Checks across files: unique ids that match their file names, escalations that resolve.
void CheckCatalogue(const std::vector<Playbook>& all, std::vector<std::string>* errors) {
  std::set<std::string> ids;
  for (const Playbook& pb : all) {
    if (!ids.insert(pb.id).second) {
      errors->push_back(fmt::format("{}:1: playbook id '{}' is used twice", pb.file, pb.id));
    }
    if (IdFromName(pb.file) != pb.id) {
      errors->push_back(fmt::format("{}:1: id '{}' does not match the file name", pb.file, pb.id));
    }
  }
  for (const Playbook& pb : all) {
    if (pb.escalate && (pb.escalate->to == pb.id || ids.count(pb.escalate->to) == 0)) {
      errors->push_back(
          fmt::format("{}:1: 'escalate' names unknown playbook '{}'", pb.file, pb.escalate->to));
    }
  }
}

}  // namespace

Result<Catalogue> Catalogue::Load(const std::vector<PlaybookSource>& sources) {
  std::vector<std::string> errors;
  Catalogue c;
  for (const PlaybookSource& src : sources) {
    Playbook pb;
    bool parsed = false;
    const Status s =
        GuardYaml(src.name, [&] { parsed = FileParser(src.name, &errors).Parse(src.text, &pb); });
    if (!s) errors.push_back(s.error().message);
    if (parsed) c.playbooks_.push_back(std::move(pb));
  }
  if (errors.empty()) CheckCatalogue(c.playbooks_, &errors);
  if (!errors.empty()) return YamlProblems(ErrorKind::kInput, errors);
  return c;
}

}  // namespace ks::playbook
