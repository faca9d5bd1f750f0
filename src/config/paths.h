// Paths named by a configuration file, and the rule that keeps a scanned repository's own
// configuration inside that repository.
//
// A `.keysweep.yaml` found in the scanned tree is written by whoever can commit to it, so the
// files it names (extra rules, the baseline) and the ignore files read beside it must stay inside
// the tree once symbolic links are resolved: a repository must not make keysweep read anything
// else. A file given with --config is the user's own and is trusted. Pure functions over the
// file system; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "util/result.h"

namespace ks::config {

// `path` resolved against the directory `base`. With `confine_to` set, `path` must be relative
// and name an existing file or directory that, symbolic links resolved, lies inside `confine_to`.
Result<std::string> ResolvePath(const std::string& base, const std::string& path,
                                const std::string& confine_to);

// True when the existing `path`, symbolic links resolved, is `dir` or lies inside it.
bool IsInside(const std::string& path, const std::string& dir);

// The rule files a path names: the file itself, or a directory's *.yaml / *.yml files in name
// order (as --rules reads them); each checked against `confine_to` when it is set.
Result<std::vector<std::string>> ListRuleFiles(const std::string& path,
                                               const std::string& confine_to);

}  // namespace ks::config
