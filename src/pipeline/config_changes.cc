#include "pipeline/config_changes.h"

#include <set>

namespace ks {
namespace {

bool Watched(std::string_view path, const std::vector<std::string>& settings_paths) {
  for (const std::string& p : settings_paths) {
    if (p.ends_with('/') ? path.starts_with(p) : path == p) return true;
  }
  return false;
}

}  // namespace

Finding ConfigChangedFinding(const std::string& path, const std::string& blob,
                             const CommitInfo& commit) {
  Finding f;
  f.rule = std::string(kConfigChangedRule);
  f.severity = Severity::kLow;
  // Stable for one version of one file: not a secret, so a plain hash of what identifies it.
  f.fingerprint = Fingerprint(f.rule, Secret(path + "\n" + blob));
  f.source = SourceKind::kHistory;
  f.path = path;
  f.commit = commit.id;
  f.author = commit.author;
  f.email = commit.email;
  f.date = commit.date;
  f.blob = blob;
  return f;
}

std::vector<Finding> ConfigChanges(HistorySource& source,
                                   const std::vector<std::string>& settings_paths,
                                   const std::string& repository) {
  std::vector<Finding> found;
  if (settings_paths.empty()) return found;
  std::set<std::string> reported;
  const auto changes =
      source.IntroductionsAt([&](std::string_view path) { return Watched(path, settings_paths); });
  for (const HistorySource::PathIntroduction& c : changes) {
    if (!reported.insert(c.at.path).second) continue;  // its oldest change only
    found.push_back(ConfigChangedFinding(c.at.path, c.blob, c.at.commit));
    found.back().repository = repository;
  }
  return found;
}

}  // namespace ks
