// The key check shared by keysweep's YAML formats (rules, playbooks): every key of a map must be
// known, and none may repeat (yaml-cpp silently keeps the first of repeated keys, while the
// author meant one of them). Problems point at the offending key node for a file:line message.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ks {

struct YamlKeyProblem {
  YAML::Node key;  // the key node, for its line
  std::string message;
};

// `what` names the map in messages: "unknown step key 'x'", "step key 'x' appears twice".
std::vector<YamlKeyProblem> CheckYamlKeys(const YAML::Node& map,
                                          const std::set<std::string>& allowed,
                                          std::string_view what);

}  // namespace ks
