// The configuration's allowlist: paths (globs), regexes and stopwords that mark findings the team
// does not want to hear about.
//
// Regexes (RE2, so matching time stays linear whatever a repository's configuration says) are
// searched in the secret, unanchored; stopwords match a secret containing them, ignoring ASCII
// case. Immutable once created; Allows* are thread-safe.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "util/result.h"

namespace ks::config {

class Allowlist {
 public:
  // Compiles the regexes; a bad one is an error naming the file and line.
  static Result<Allowlist> Create(const Config& c);

  // `path` relative to the scan root (config/scan_root.h).
  bool AllowsPath(std::string_view path) const;
  bool AllowsSecret(std::string_view secret) const;

 private:
  std::vector<std::string> paths_;
  std::vector<std::unique_ptr<RE2>> regexes_;
  std::vector<std::string> stopwords_;  // lowercase
};

}  // namespace ks::config
