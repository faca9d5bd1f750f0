// Builds the PatternDb for a run: the built-in rules plus any --rules directories and the
// configuration's extra rule files.
#pragma once

#include <string>
#include <vector>

#include "engine/db_loader.h"
#include "pipeline/session_options.h"
#include "util/env.h"
#include "util/result.h"

namespace ks {

// `rule_files` are YAML rule files (config::RuleFiles has already expanded directories).
// `env` gives the cache directory for rules that are not the built-in ones.
Result<LoadedDb> LoadRunRules(const RuleOptions& opts,
                              const std::vector<std::string>& rule_files = {},
                              Env& env = Env::Default());

}  // namespace ks
