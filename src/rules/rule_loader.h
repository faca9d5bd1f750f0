// Loads rules from YAML text and validates every field.
//
// All problems in all files are collected, each as "file:line: rule <id>: message", and returned
// together so that a rule author fixes them in one pass. yaml-cpp's exceptions stop here.
#pragma once

#include <string>
#include <vector>

#include "rules/rule_set.h"
#include "util/result.h"

namespace ks {

struct RuleSource {
  std::string name;  // shown in error messages, e.g. "patterns/aws.yaml" or "<builtin>/aws.yaml"
  std::string text;
};

Result<RuleSet> LoadRules(const std::vector<RuleSource>& sources);
// Same, after rules that are already validated (the built-in ones); ids stay unique across both.
Result<RuleSet> LoadRules(std::vector<Rule> preloaded, const std::vector<RuleSource>& sources);

// Reads every *.yaml / *.yml file directly in `dir` (sorted by name). Error if there are none.
Result<std::vector<RuleSource>> ReadRuleDir(const std::string& dir);

}  // namespace ks
