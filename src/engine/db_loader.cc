#include "engine/db_loader.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <vector>

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

struct CachedFile {
  fs::path path;
  fs::file_time_type used;
  uint64_t bytes = 0;
};

std::vector<CachedFile> ListCache(const fs::path& dir) {
  std::vector<CachedFile> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code ec2;
    if (!name.starts_with("hs-") || !name.ends_with(".db") || !it->is_regular_file(ec2)) continue;
    CachedFile f{it->path(), it->last_write_time(ec2), it->file_size(ec2)};
    if (!ec2) files.push_back(std::move(f));
  }
  return files;
}

// Removes the least recently used databases past the bounds (db_loader.h); `keep` stays.
void PruneCache(const fs::path& dir, const fs::path& keep, const DbLoadOptions& opts) {
  std::vector<CachedFile> files = ListCache(dir);
  std::sort(files.begin(), files.end(), [&](const CachedFile& a, const CachedFile& b) {
    if ((a.path == keep) != (b.path == keep)) return a.path == keep;
    return a.used > b.used;
  });
  size_t count = 0;
  uint64_t bytes = 0;
  for (const CachedFile& f : files) {
    ++count;
    bytes += f.bytes;
    const bool over = count > opts.max_cached || bytes > opts.max_cache_bytes;
    std::error_code ec;
    if (over && f.path != keep) fs::remove(f.path, ec);
  }
}

// A cache hit makes the file the most recently used one.
void MarkUsed(const fs::path& file) {
  std::error_code ec;
  fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
}

Error TooLarge(uint64_t bytes, uint64_t limit) {
  return MakeError(ErrorKind::kUsage,
                   fmt::format("the compiled rules take {} bytes, more than {}", bytes, limit));
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
    if (opts.max_bytes > 0 && bytes.size() > opts.max_bytes) {
      return TooLarge(bytes.size(), opts.max_bytes);
    }
    auto db = PatternDb::Deserialize(rules, bytes);
    if (db.ok()) {
      MarkUsed(file);
      return LoadedDb{std::move(db).value(), DbOrigin::kCache, note};
    }
    note += "cached database not used: " + db.error().message + "; ";
  }
  auto db = PatternDb::Compile(rules);
  if (!db.ok()) return db.error();
  const bool limited = opts.max_bytes > 0;
  bytes = cache || limited ? db.value()->Serialize() : std::string();
  if (limited && bytes.size() > opts.max_bytes) return TooLarge(bytes.size(), opts.max_bytes);
  if (cache) {
    WriteCache(dir, file, bytes, env);
    PruneCache(dir, file, opts);
  }
  return LoadedDb{std::move(db).value(), DbOrigin::kCompiled, note};
}

}  // namespace ks
