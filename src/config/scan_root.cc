#include "config/scan_root.h"

namespace ks::config {
namespace fs = std::filesystem;

namespace {

fs::path Absolute(const std::string& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p.empty() ? "." : p, ec);
  return (ec ? fs::path(p) : abs).lexically_normal();
}

// "/a/b/" normalises with an empty last component; parent_path() of it would be "/a/b".
fs::path WithoutTrailingSlash(fs::path p) {
  return p.has_filename() || p == p.root_path() ? p : p.parent_path();
}

}  // namespace

std::string WorkTreeRoot(const std::string& dir) {
  const fs::path start = WithoutTrailingSlash(Absolute(dir));
  std::error_code ec;
  for (fs::path d = start;; d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) return d.string();
    if (d == d.parent_path()) break;
  }
  return start.string();
}

ScanRoot ScanRootFor(const std::vector<std::string>& paths) {
  std::string start = ".";
  if (!paths.empty() && paths.front() != "-") {
    std::error_code ec;
    const fs::path first = WithoutTrailingSlash(Absolute(paths.front()));
    start = (fs::is_directory(first, ec) ? first : first.parent_path()).string();
  }
  return ScanRoot{.dir = WorkTreeRoot(start), .paths_from_cwd = true, .committed = nullptr};
}

RootRelative::RootRelative(const ScanRoot& root)
    : root_(WithoutTrailingSlash(Absolute(root.dir))),
      cwd_(Absolute(".")),
      from_cwd_(root.paths_from_cwd && !root.dir.empty()) {}

std::string RootRelative::Map(std::string_view path) const {
  if (!from_cwd_) return std::string(path);
  const fs::path abs = (cwd_ / fs::path(path)).lexically_normal();
  const fs::path rel = abs.lexically_relative(root_);
  if (rel.empty() || *rel.begin() == "..") return std::string(path);
  return rel.generic_string();
}

}  // namespace ks::config
