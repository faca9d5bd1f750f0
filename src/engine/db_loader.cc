#include "engine/db_loader.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>

#include "util/atomic_file.h"
#include "util/file.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

std::string CacheFileName(const RuleSet& rules) {
  std::string version = HyperscanVersion();
  version = version.substr(0, version.find(' '));
  return fmt::format("hs-{}-{}.db", version, rules.digest().substr(0, 32));
}

// Through a private temporary file renamed into place, so that concurrent runs never see a torn
// file. A cache that cannot be written is only a slower next start: failures are ignored.
void WriteCache(const fs::path& dir, const fs::path& file, const std::string& bytes, Env& env) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  auto cache = AtomicFile::Create(file.string(), env);
  if (!cache.ok() || !cache->Write(bytes)) return;
  static_cast<void>(cache->Commit());  // if it fails, the temporary goes with `cache`
}

Result<LoadedDb> TryEmbedded(const RuleSet& rules, std::string_view embedded, std::string* note) {
  if (embedded.empty()) return MakeError(ErrorKind::kEngine, "no embedded database");
  auto db = PatternDb::Deserialize(rules, embedded);
  if (!db.ok()) {
    *note += "embedded database not used: " + db.error().message + "; ";
    return db.error();
  }
  return LoadedDb{std::move(db).value(), DbOrigin::kEmbedded, *note};
}

}  // namespace

std::string_view DbOriginName(DbOrigin o) {
  switch (o) {
    case DbOrigin::kEmbedded:
      return "embedded";
    case DbOrigin::kCache:
      return "cache";
    case DbOrigin::kCompiled:
      return "compiled";
  }
  return "?";
}

Result<LoadedDb> LoadPatternDb(const RuleSet& rules, const DbLoadOptions& opts, Env& env) {
  std::string note;
  if (auto loaded = TryEmbedded(rules, opts.embedded, &note); loaded.ok()) return loaded;
  const std::string dir = opts.cache_dir.empty() ? env.CacheDir() : opts.cache_dir;
  const bool cache = opts.use_cache && !dir.empty();
  const fs::path file = fs::path(dir) / CacheFileName(rules);
  std::string bytes;
  if (cache && ReadFileToString(file.string(), &bytes)) {
    auto db = PatternDb::Deserialize(rules, bytes);
    if (db.ok()) return LoadedDb{std::move(db).value(), DbOrigin::kCache, note};
    note += "cached database not used: " + db.error().message + "; ";
  }
  auto db = PatternDb::Compile(rules);
  if (!db.ok()) return db.error();
  if (cache) WriteCache(dir, file, db.value()->Serialize(), env);
  return LoadedDb{std::move(db).value(), DbOrigin::kCompiled, note};
}

}  // namespace ks
