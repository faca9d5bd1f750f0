// The built-in rules, embedded at build time by tools/ks_embed from patterns/*.yaml, with their
// Hyperscan database already compiled, and the data files in patterns/data/ (e.g. canary accounts),
// and serialized so that no run pays the compile cost.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace ks::builtin {

struct File {
  std::string_view name;  // "patterns/aws.yaml"
  std::string_view text;
};

std::span<const File> RuleFiles();
// The same rules, already parsed and validated at build time (identical to loading RuleFiles()),
// so that a run with only the built-in rules never parses YAML.
std::vector<Rule> Rules();
std::string_view SerializedDatabase();  // PatternDb::Serialize() of the built-in rules
std::string_view RulesDigest();         // RuleSet::digest() of the built-in rules

// Data files from patterns/data/ by base name (e.g. "canary-accounts.txt"); empty if absent.
std::string_view DataFile(std::string_view name);

}  // namespace ks::builtin
