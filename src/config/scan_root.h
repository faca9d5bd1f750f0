// The scan root: where a run looks for `.keysweep.yaml` and `.gitleaksignore`, and what the
// paths in them are relative to.
//
// `history` and `staged` use the repository's working tree root (none for a bare repository);
// `scan` uses the working tree containing its first path, or that path's directory outside git.
// Findings of git sources already carry root-relative paths; `scan` findings carry paths as
// given on the command line, which RootRelative maps. Plain values; thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ks::config {

class CommittedTree;

struct ScanRoot {
  std::string dir;              // empty: no root (a bare repository): only --config applies
  bool paths_from_cwd = false;  // findings' paths are relative to the current directory
  // A range scan's base (config/committed.h): when set, the repository's settings are read from
  // it and never from `dir`.
  std::shared_ptr<const CommittedTree> committed;
};

// The nearest directory at or above `dir` holding a `.git` entry (a git working tree's root),
// or `dir` itself (made absolute) when there is none.
std::string WorkTreeRoot(const std::string& dir);

// The root of `scan PATH...`: from the first path if it is a directory, else from its parent
// directory; from the current directory for stdin ("-").
ScanRoot ScanRootFor(const std::vector<std::string>& paths);

// A finding's path relative to the root, the form allowlists and ignore files are written in.
// A path outside the root is returned as given.
class RootRelative {
 public:
  RootRelative() = default;
  explicit RootRelative(const ScanRoot& root);
  std::string Map(std::string_view path) const;

 private:
  std::filesystem::path root_, cwd_;
  bool from_cwd_ = false;
};

}  // namespace ks::config
