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

// The rules cache holds one file per distinct rule set (each up to tens of MiB), so it is
// bounded: after a database is written, the least recently used files (by modification time,
// which a cache hit renews) are removed until at most `max_cached` remain and they hold at most
// `max_cache_bytes` (the one just written always stays). Only keysweep's own `hs-*.db` files
// are ever removed.
inline constexpr size_t kMaxCachedDbs = 8;
inline constexpr uint64_t kMaxCacheBytes = uint64_t{256} << 20;

struct DbLoadOptions {
  std::string_view embedded;  // build-time Serialize() output, may be empty
  std::string cache_dir;      // empty: the Env's CacheDir()
  bool use_cache = true;
  // A serialized database larger than this is an error of kind kUsage (and is not cached);
  // 0: no limit. For rules a scanned repository adds (pipeline/rule_loading.h).
  uint64_t max_bytes = 0;
  size_t max_cached = kMaxCachedDbs;
  uint64_t max_cache_bytes = kMaxCacheBytes;
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
