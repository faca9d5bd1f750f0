// Gets a PatternDb without paying Hyperscan's compile cost when it can be avoided.
//
// Order: the database serialized at build time (when the rules are exactly the built-in ones),
// then the on-disk cache keyed by rules digest and Hyperscan version, then a fresh compile that
// is written back to the cache. A serialized database is tied to the CPU features it was built
// for, so a packaged binary on another machine falls through to compile-and-cache.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/pattern_db.h"
#include "util/env.h"
#include "util/result.h"

namespace ks {

enum class DbOrigin { kEmbedded, kCache, kCompiled };
std::string_view DbOriginName(DbOrigin o);

struct DbLoadOptions {
  std::string_view embedded;  // build-time Serialize() output, may be empty
  std::string cache_dir;      // empty: the Env's CacheDir()
  bool use_cache = true;
};

struct LoadedDb {
  std::shared_ptr<const PatternDb> db;
  DbOrigin origin = DbOrigin::kCompiled;
  std::string note;  // why a faster path was not taken, for --verbose
};

// `env` gives the default cache directory and makes the cache's temporary files.
Result<LoadedDb> LoadPatternDb(const RuleSet& rules, const DbLoadOptions& opts,
                               Env& env = Env::Default());

}  // namespace ks
