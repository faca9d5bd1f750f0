#include "engine/db_loader.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/file.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

std::string CacheFileName(const RuleSet& rules) {
  std::string version = HyperscanVersion();
  version = version.substr(0, version.find(' '));
  return fmt::format("hs-{}-{}.db", version, rules.digest().substr(0, 32));
}

// Writes to a private temporary file, then renames, so that concurrent runs never see a torn file.
void WriteCache(const fs::path& dir, const fs::path& file, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  std::string tmp;
  const auto fd = CreateTempBeside(file.string(), file.string(), &tmp);
  if (!fd.ok()) return;  // a cache that cannot be written is only a slower next start
  const bool written =
      ::write(*fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ::close(*fd);
  if (!written || ::rename(tmp.c_str(), file.c_str()) != 0) ::unlink(tmp.c_str());
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

std::string DefaultCacheDir(Env& env) { return env.CacheDir(); }

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
  if (cache) WriteCache(dir, file, db.value()->Serialize());
  return LoadedDb{std::move(db).value(), DbOrigin::kCompiled, note};
}

}  // namespace ks
