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

Error OverBudget(const std::string& where, const std::string& what) {
  return MakeError(ErrorKind::kUsage,
                   fmt::format("{}: {} (the limit for rules from a repository's own "
                               "configuration; pass them with --rules DIR or --config FILE to "
                               "trust them)",
                               where, what));
}

// The repository's rules on their own: valid, and within the budget (rule_loading.h).
Status CheckBudget(const std::vector<RuleSource>& sources) {
  auto rules = LoadRules(sources);
  if (!rules.ok()) return rules.error();
  if (rules->size() > kMaxRepositoryRules) {
    return OverBudget(sources.front().name, fmt::format("{} extra rules, more than {}",
                                                        rules->size(), kMaxRepositoryRules));
  }
  size_t total = 0;
  for (const Rule& r : rules->rules()) {
    if (r.pattern.size() > kMaxRepositoryPattern) {
      return OverBudget(r.pattern_loc.ToString(),
                        fmt::format("rule {}: a pattern of {} bytes, more than {}", r.id,
                                    r.pattern.size(), kMaxRepositoryPattern));
    }
    total += r.pattern.size();
  }
  if (total > kMaxRepositoryPatterns) {
    return OverBudget(sources.front().name, fmt::format("{} bytes of patterns, more than {}", total,
                                                        kMaxRepositoryPatterns));
  }
  return {};
}

Result<RuleSet> LoadRuleSet(const RuleOptions& opts, const ConfigRules& extra) {
  std::vector<Rule> builtin_rules;
  if (!opts.no_builtin) builtin_rules = builtin::Rules();
  const bool none = extra.files.empty() && extra.sources.empty();
  if (opts.dirs.empty() && none && !builtin_rules.empty()) {
    return RuleSet::WithKnownDigest(std::move(builtin_rules), std::string(builtin::RulesDigest()));
  }
  std::vector<RuleSource> configured;
  if (Status s = AddRuleFiles(extra.files, &configured); !s) return s.error();
  configured.insert(configured.end(), extra.sources.begin(), extra.sources.end());
  if (extra.from_repository && !configured.empty()) {
    if (Status s = CheckBudget(configured); !s) return s.error();
  }
  std::vector<RuleSource> sources;
  for (const std::string& dir : opts.dirs) {
    auto more = ReadRuleDir(dir);
    if (!more.ok()) return more.error();
    for (RuleSource& s : more.value()) sources.push_back(std::move(s));
  }
  for (RuleSource& s : configured) sources.push_back(std::move(s));
  return LoadRules(std::move(builtin_rules), sources);
}

}  // namespace

Result<LoadedDb> LoadRunRules(const RuleOptions& opts, const ConfigRules& extra, Env& env) {
  auto rules = LoadRuleSet(opts, extra);
  if (!rules.ok()) return rules.error();
  DbLoadOptions load;
  load.embedded = builtin::SerializedDatabase();
  if (extra.from_repository) load.max_bytes = kMaxRepositoryDbBytes;
  auto db = LoadPatternDb(rules.value(), load, env);
  if (!db.ok() && db.error().kind == ErrorKind::kUsage) {
    return OverBudget("extra_rules", db.error().message);
  }
  return db;
}

}  // namespace ks
