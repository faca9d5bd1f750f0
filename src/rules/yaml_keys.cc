#include "rules/yaml_keys.h"

#include <fmt/format.h>

namespace ks {

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

}  // namespace ks
