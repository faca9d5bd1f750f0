#include "cli/rule_loading.h"

#include "builtin/builtin.h"
#include "rules/rule_loader.h"

namespace ks::cli {

namespace {

Result<RuleSet> LoadRuleSet(const GlobalOptions& opts) {
  std::vector<Rule> builtin_rules;
  if (!opts.no_builtin_rules) builtin_rules = builtin::Rules();
  if (opts.rule_dirs.empty() && !builtin_rules.empty()) {
    return RuleSet::WithKnownDigest(std::move(builtin_rules), std::string(builtin::RulesDigest()));
  }
  std::vector<RuleSource> sources;
  for (const std::string& dir : opts.rule_dirs) {
    auto more = ReadRuleDir(dir);
    if (!more.ok()) return more.error();
    for (RuleSource& s : more.value()) sources.push_back(std::move(s));
  }
  return LoadRules(std::move(builtin_rules), sources);
}

}  // namespace

Result<LoadedDb> LoadRunRules(const GlobalOptions& opts) {
  auto rules = LoadRuleSet(opts);
  if (!rules.ok()) return rules.error();
  DbLoadOptions load;
  load.embedded = builtin::SerializedDatabase();
  return LoadPatternDb(rules.value(), load);
}

}  // namespace ks::cli
