#include "util/yaml_reader.h"

#include <fmt/format.h>

namespace ks {

int YamlLine(const YAML::Node& n) { return n.Mark().line + 1; }

std::string FileLineMessage(std::string_view file, int line, std::string_view message) {
  return fmt::format("{}:{}: {}", file, line, message);
}

Result<YAML::Node> ParseYaml(const std::string& text, std::string_view file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorKind::kInput,
                     FileLineMessage(file, e.mark.line + 1, "invalid YAML: " + e.msg));
  }
}

Status GuardYaml(std::string_view file, const std::function<void()>& walk) {
  try {
    walk();
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorKind::kInput, FileLineMessage(file, e.mark.line + 1, e.msg));
  }
  return {};
}

std::vector<YamlKeyProblem> CheckYamlKeys(const YAML::Node& map,
                                          const std::set<std::string>& allowed,
                                          std::string_view what) {
  std::vector<YamlKeyProblem> problems;
  std::set<std::string> seen;
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>("");
    if (!allowed.contains(key)) {
      problems.push_back({kv.first, fmt::format("unknown {} key '{}'", what, key)});
    } else if (!seen.insert(key).second) {
      problems.push_back({kv.first, fmt::format("{} key '{}' appears twice", what, key)});
    }
  }
  return problems;
}

Error YamlProblems(ErrorKind kind, const std::vector<std::string>& messages) {
  std::string joined;
  for (const std::string& m : messages) joined.append(joined.empty() ? "" : "\n").append(m);
  return MakeError(kind, std::move(joined));
}

}  // namespace ks
