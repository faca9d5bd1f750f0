// Reading keysweep's YAML formats (rules, the configuration, playbooks): parsing with yaml-cpp's
// exceptions stopped here, the check every map's keys get, and the "file:line: message" shape of
// every problem, so that an author can fix them all in one pass.
//
// yaml-cpp throws; nothing here lets an exception out. Functions share no state and are
// thread-safe on distinct nodes (yaml-cpp nodes are not safe to share across threads).
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace ks {

// The line a node was read from, 1-based as editors show it (yaml-cpp counts from 0); 0 for a
// node built in code rather than read.
int YamlLine(const YAML::Node& n);

// "file:line: message".
std::string FileLineMessage(std::string_view file, int line, std::string_view message);

// The document in `text`, or an Error (kInput) "file:line: invalid YAML: <yaml-cpp's reason>",
// `file` naming the text. Empty text is a null document, not an error.
Result<YAML::Node> ParseYaml(const std::string& text, std::string_view file);

// Runs `walk` over a parsed document of `file`. A yaml-cpp exception it lets out (a node used
// the wrong way, say a scalar indexed like a map: a bug in the walker, not the data's fault)
// becomes an Error (kInput) "file:line: <yaml-cpp's reason>" instead of ending the program.
Status GuardYaml(std::string_view file, const std::function<void()>& walk);

// Every key of a map must be known, and none may repeat: yaml-cpp silently keeps the first of
// repeated keys, while the author meant one of them. Each problem points at the offending key
// node, for its line.
struct YamlKeyProblem {
  YAML::Node key;
  std::string message;
};

// `what` names the map in messages: "unknown step key 'x'", "step key 'x' appears twice".
std::vector<YamlKeyProblem> CheckYamlKeys(const YAML::Node& map,
                                          const std::set<std::string>& allowed,
                                          std::string_view what);

// All of a load's problems as one Error, a message per line.
Error YamlProblems(ErrorKind kind, const std::vector<std::string>& messages);

}  // namespace ks
