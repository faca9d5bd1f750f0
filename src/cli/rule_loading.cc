#include "cli/rule_loading.h"

#include "builtin/builtin.h"
#include "rules/rule_loader.h"

namespace ks::cli {

Result<LoadedDb> LoadRunRules(const GlobalOptions& opts) {
  std::vector<RuleSource> sources;
  if (!opts.no_builtin_rules) {
    for (const builtin::File& f : builtin::RuleFiles()) {
      sources.push_back(RuleSource{std::string(f.name), std::string(f.text)});
    }
  }
  for (const std::string& dir : opts.rule_dirs) {
    auto more = ReadRuleDir(dir);
    if (!more.ok()) return more.error();
    for (RuleSource& s : more.value()) sources.push_back(std::move(s));
  }
  auto rules = LoadRules(sources);
  if (!rules.ok()) return rules.error();
  DbLoadOptions load;
  load.embedded = builtin::SerializedDatabase();
  return LoadPatternDb(rules.value(), load);
}

}  // namespace ks::cli
