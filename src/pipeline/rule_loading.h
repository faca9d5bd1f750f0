// Builds the PatternDb for a run: the built-in rules plus any --rules directories and the
// configuration's extra rule files.
//
// Rules a scanned repository's own configuration adds (`extra_rules` of a `.keysweep.yaml`
// found in the tree or read from a range's base) are written by whoever can push to it, so they
// get a budget: at most kMaxRepositoryRules rules, each pattern at most kMaxRepositoryPattern
// bytes (kMaxRepositoryPatterns in all), and a compiled database of at most
// kMaxRepositoryDbBytes (not cached when larger). Past any of these the run stops with a usage
// error (exit 2) naming the limit. Rules the user gives (--rules DIR, a --config FILE's
// extra_rules) are trusted and not limited.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/db_loader.h"
#include "pipeline/session_options.h"
#include "rules/rule_loader.h"
#include "util/env.h"
#include "util/result.h"

namespace ks {

inline constexpr size_t kMaxRepositoryRules = 100;
inline constexpr size_t kMaxRepositoryPattern = 1024;
inline constexpr size_t kMaxRepositoryPatterns = 16 * 1024;
inline constexpr uint64_t kMaxRepositoryDbBytes = uint64_t{16} << 20;

// The rules the run's configuration adds.
struct ConfigRules {
  std::vector<std::string> files;   // YAML rule files (config::RuleFiles expanded directories)
  std::vector<RuleSource> sources;  // rule files already read (config/committed.h)
  bool from_repository = false;     // the scanned repository's configuration: budgeted
};

// `env` gives the cache directory for rules that are not the built-in ones.
Result<LoadedDb> LoadRunRules(const RuleOptions& opts, const ConfigRules& extra = {},
                              Env& env = Env::Default());

}  // namespace ks
