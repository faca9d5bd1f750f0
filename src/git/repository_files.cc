#include "git/repository_files.h"

#include <dirent.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "git/alternates.h"
#include "util/file.h"
#include "util/text.h"

namespace ks::git {
namespace {

namespace fs = std::filesystem;

// Git's own limit: includes nest at most 10 deep (alternates: see git/alternates.h).
constexpr int kMaxIncludeDepth = 10;

// The files of a git directory (or of the common directory) that libgit2 may read.
constexpr std::array<std::string_view, 13> kNamedFiles = {
    "config",    "config.worktree", "commondir",   "gitdir",      "HEAD",
    "index",     "shallow",         "packed-refs", "info/grafts", "FETCH_HEAD",
    "ORIG_HEAD", "MERGE_HEAD",      "logs/HEAD"};

Error NotRegular(const fs::path& path, unsigned mode) {
  return MakeError(ErrorKind::kRepository,
                   fmt::format("{}: not a regular file ({}); keysweep does not read the "
                               "repository, since opening it could block forever",
                               path.string(), FileKindName(mode)));
}

// A path that does not exist is fine: git makes most of these files only when it needs them.
Status MustBeRegularIfPresent(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  if (!S_ISREG(st.st_mode)) return NotRegular(path, st.st_mode);
  return {};
}

// Every entry under `dir` must be a directory (walked, `depth` more levels) or a regular file.
Status CheckTree(const fs::path& dir, int depth) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) return {};
  while (const dirent* e = ::readdir(d.get())) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    const fs::path p = dir / name;
    if (e->d_type == DT_REG) continue;
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) continue;  // a dangling link or a file gone since
    if (S_ISDIR(st.st_mode) && depth > 0) {
      if (Status s = CheckTree(p, depth - 1); !s) return s;
    } else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
      return NotRegular(p, st.st_mode);
    }
  }
  return {};
}

// The `path` values of [include] and [includeIf ...] sections: a plain reading of git's
// format, enough to find what libgit2 will open (a line it reads differently only means one
// file more or less looked at, never one opened here).
std::vector<std::string> IncludePaths(std::string_view text) {
  std::vector<std::string> paths;
  bool in_include = false;
  for (std::string_view line : DataLines(text)) {
    if (line.starts_with('[')) {
      const std::string section = AsciiLower(line.substr(1, line.find_first_of(" \"]") - 1));
      in_include = section == "include" || section == "includeif";
      continue;
    }
    const size_t eq = line.find('=');
    if (!in_include || eq == std::string_view::npos) continue;
    if (AsciiLower(Trim(line.substr(0, eq))) != "path") continue;
    std::string_view value = Trim(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!value.empty()) paths.emplace_back(value);
  }
  return paths;
}

fs::path ResolveInclude(const fs::path& including, const std::string& path) {
  if (path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr ? home : "") / path.substr(2);
  }
  const fs::path p(path);
  return p.is_absolute() ? p : including.parent_path() / p;
}

// Each file and directory is looked at once, whatever names it how often: a configuration that
// includes itself six times, or alternates that list "." thirty times, would otherwise cost an
// exponential number of reads (git and libgit2 skip repeats the same way).
class Visited {
 public:
  // False when `path` (by device and inode) was seen before, or does not exist.
  bool First(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    return seen_.insert({st.st_dev, st.st_ino}).second;
  }

 private:
  std::set<std::pair<dev_t, ino_t>> seen_;
};

Status CheckConfig(const fs::path& config, int depth, Visited& visited) {
  if (Status s = MustBeRegularIfPresent(config); !s) return s;
  if (!visited.First(config)) return {};
  auto text = ReadRegularFile(config.string(), size_t{4} << 20);
  if (!text.ok()) return {};  // missing or unreadable: libgit2 will say so, without blocking
  for (const std::string& include : IncludePaths(*text)) {
    if (depth >= kMaxIncludeDepth) break;
    if (Status s = CheckConfig(ResolveInclude(config, include), depth + 1, visited); !s) {
      return s;
    }
  }
  return {};
}

Status CheckObjects(const fs::path& objects, int depth, Visited& visited) {
  if (!visited.First(objects)) return {};
  for (const char* name : {"info/alternates", "info/commit-graph", "pack/multi-pack-index"}) {
    if (Status s = MustBeRegularIfPresent(objects / name); !s) return s;
  }
  // objects/xx/ hold loose objects, objects/pack/ the packs: two levels.
  if (Status s = CheckTree(objects, 1); !s) return s;
  if (depth >= kMaxAlternateDepth) return {};
  for (const fs::path& dir : AlternateDirs(objects)) {
    if (Status s = CheckObjects(dir, depth + 1, visited); !s) return s;
  }
  return {};
}

std::optional<fs::path> CommonDir(const fs::path& git_dir) {
  auto text = ReadRegularFile((git_dir / "commondir").string(), 4096);
  if (!text.ok()) return std::nullopt;
  const fs::path common(std::string(Trim(*text)));
  return common.is_absolute() ? common : git_dir / common;
}

Status CheckDir(const fs::path& dir) {
  for (std::string_view name : kNamedFiles) {
    if (Status s = MustBeRegularIfPresent(dir / name); !s) return s;
  }
  Visited visited;
  if (Status s = CheckConfig(dir / "config", 0, visited); !s) return s;
  constexpr int kRefDepth = 64;  // refs/heads/a/b/...: deeper than any real name
  return CheckTree(dir / "refs", kRefDepth);
}

}  // namespace

Status CheckRepositoryFiles(const std::string& git_dir) {
  const fs::path dir(git_dir);
  if (Status s = CheckDir(dir); !s) return s;
  const std::optional<fs::path> common = CommonDir(dir);
  if (common) {
    if (Status s = CheckDir(*common); !s) return s;
  }
  Visited visited;
  return CheckObjects(common.value_or(dir) / "objects", 0, visited);
}

}  // namespace ks::git
