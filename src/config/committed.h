// A repository's settings as committed, for range scans (README "Range scans read the base's
// settings").
//
// In a range scan (`history A..B`) the commits in the range are what is being reviewed, so they
// must not decide how they are scanned: `.keysweep.yaml`, `.gitleaksignore`, the baseline and
// the rule files the configuration names are read from the tree of the range's base, the
// trusted side, through a CommittedTree (which the pipeline implements over git). The paths the
// configuration names are then repository paths: relative, '/'-separated, with no "." or ".."
// components, and nothing outside the tree can be named at all.
//
// Reading through a CommittedTree is single-threaded, like the Repository behind it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "rules/rule_loader.h"
#include "util/result.h"

namespace ks::config {

// Upper bounds on what is read from a commit: a setting file larger than these is an error,
// not memory a repository can make keysweep spend.
inline constexpr uint64_t kMaxCommittedConfig = 1 << 20;     // .keysweep.yaml, a rule file
inline constexpr uint64_t kMaxCommittedIgnore = 16 << 20;    // .gitleaksignore
inline constexpr uint64_t kMaxCommittedBaseline = 64 << 20;  // a baseline

class CommittedTree {
 public:
  virtual ~CommittedTree() = default;
  // The revision the files are read at, as the user named it (`main` of `main..pr`).
  virtual const std::string& revision() const = 0;
  // "<revision>:<path>", naming a committed file in messages.
  std::string Label(std::string_view path) const;
  // The bytes of the regular file at `path`; nullopt when nothing is there. A directory, a
  // link, a submodule or more than `max_size` bytes is an error naming the path.
  virtual Result<std::optional<std::string>> Read(std::string_view path,
                                                  uint64_t max_size) const = 0;
  // The names of what the directory `path` holds, in tree (name) order, each with whether it is
  // a regular file; nullopt when `path` is not a directory.
  struct Entry {
    std::string name;
    bool regular_file = false;
  };
  virtual Result<std::optional<std::vector<Entry>>> List(std::string_view path) const = 0;
};

// A path as written in a committed configuration (`extra_rules`, `baseline`), as a repository
// path: a leading "./" is dropped; an absolute path or a "." or ".." component is an error.
Result<std::string> CommittedPath(const Config& c, const Located& written);

// The rule files `extra_rules` names in `tree` (a file, or a directory's *.yaml / *.yml files in
// name order), read. Each repository path read, a directory as "dir/", goes to `read_paths`.
Result<std::vector<RuleSource>> CommittedRules(const CommittedTree& tree, const Config& c,
                                               std::vector<std::string>* read_paths);

}  // namespace ks::config
