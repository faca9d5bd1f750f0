#include "pipeline/rule_loading.h"

#include <fmt/format.h>

#include "builtin/builtin.h"
#include "rules/rule_loader.h"
#include "util/file.h"

namespace ks {

namespace {

Status AddRuleFiles(const std::vector<std::string>& files, std::vector<RuleSource>* sources) {
  for (const std::string& file : files) {
    auto text = ReadRegularFile(file);
    if (!text.ok()) return MakeError(ErrorKind::kRules, text.error().message);
    sources->push_back(RuleSource{file, std::move(text).value()});
  }
  return {};
}

Result<RuleSet> LoadRuleSet(const RuleOptions& opts, const std::vector<std::string>& files) {
  std::vector<Rule> builtin_rules;
  if (!opts.no_builtin) builtin_rules = builtin::Rules();
  if (opts.dirs.empty() && files.empty() && !builtin_rules.empty()) {
    return RuleSet::WithKnownDigest(std::move(builtin_rules), std::string(builtin::RulesDigest()));
  }
  std::vector<RuleSource> sources;
  for (const std::string& dir : opts.dirs) {
    auto more = ReadRuleDir(dir);
    if (!more.ok()) return more.error();
    for (RuleSource& s : more.value()) sources.push_back(std::move(s));
  }
  if (Status s = AddRuleFiles(files, &sources); !s) return s.error();
  return LoadRules(std::move(builtin_rules), sources);
}

}  // namespace

Result<LoadedDb> LoadRunRules(const RuleOptions& opts, const std::vector<std::string>& rule_files,
                              Env& env) {
  auto rules = LoadRuleSet(opts, rule_files);
  if (!rules.ok()) return rules.error();
  DbLoadOptions load;
  load.embedded = builtin::SerializedDatabase();
  return LoadPatternDb(rules.value(), load, env);
}

}  // namespace ks
