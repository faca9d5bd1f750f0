// `.gitleaksignore`, read so that a team moving from gitleaks keeps its accepted findings.
//
// Each line is a gitleaks fingerprint: `commit:path:rule-id:line` (git scans) or
// `path:rule-id:line` (directory scans); `#` comments and blank lines are skipped. gitleaks rule
// ids are not keysweep's (`aws-access-token` vs `aws-access-key-id`), so an entry ignores a
// finding of ANY rule whose root-relative path and 1-based line match and, when the entry names
// one, whose commit starts with the entry's commit (gitleaks writes 40 or, since 8.26, 7 hex
// digits). Immutable once built; Matches() is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/result.h"

namespace ks::baseline {

struct GitleaksFingerprint {
  std::string commit;  // empty: any commit, and findings without one
  std::string path;
  std::string rule;  // gitleaks' rule id: informational only
  uint64_t line = 0;
};

struct GitleaksIgnoreFile {
  std::vector<GitleaksFingerprint> entries;
  std::vector<int> bad_lines;  // 1-based lines that are not fingerprints
};

inline constexpr std::string_view kGitleaksIgnoreName = ".gitleaksignore";

GitleaksIgnoreFile ParseGitleaksIgnore(std::string_view text);

// `.gitleaksignore` in `root` (which it may not lead out of); nullopt when there is none.
Result<std::optional<GitleaksIgnoreFile>> LoadGitleaksIgnore(const std::string& root);

class GitleaksIgnore {
 public:
  explicit GitleaksIgnore(const std::vector<GitleaksFingerprint>& entries);
  bool Matches(std::string_view path, uint64_t line,
               const std::optional<std::string>& commit) const;
  size_t size() const { return size_; }

 private:
  std::unordered_map<std::string, std::vector<std::string>> commits_;  // "line:path" → commits
  size_t size_ = 0;
};

}  // namespace ks::baseline
