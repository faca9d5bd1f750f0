#include "config/paths.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace ks::config {
namespace fs = std::filesystem;

namespace {

Error PathError(const std::string& path, const std::string& why) {
  return MakeError(ErrorKind::kInput, fmt::format("{}: {}", path, why));
}

bool IsRuleFileName(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

bool IsInside(const std::string& path, const std::string& dir) {
  std::error_code ec, ec2;
  const fs::path real = fs::canonical(path, ec);
  const fs::path real_dir = fs::canonical(dir, ec2);
  if (ec || ec2) return false;
  const fs::path rel = real.lexically_relative(real_dir);
  return !rel.empty() && *rel.begin() != "..";
}

Result<std::string> ResolvePath(const std::string& base, const std::string& path,
                                const std::string& confine_to) {
  const fs::path p(path);
  if (confine_to.empty()) return (p.is_absolute() ? p : fs::path(base) / p).string();
  if (p.is_absolute()) return PathError(path, "must be relative to the configuration file");
  const std::string full = (fs::path(base) / p).string();
  std::error_code ec;
  if (!fs::exists(full, ec)) return PathError(full, "no such file or directory");
  if (!IsInside(full, confine_to)) {
    return PathError(full, fmt::format("is outside {}; a repository's configuration may only "
                                       "name files inside it (use --config to trust one)",
                                       confine_to));
  }
  return full;
}

Result<std::vector<std::string>> ListRuleFiles(const std::string& path,
                                               const std::string& confine_to) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (!IsRuleFileName(it->path()) || !it->is_regular_file(ec)) continue;
    if (!confine_to.empty() && !IsInside(it->path().string(), confine_to)) {
      return PathError(it->path().string(), fmt::format("is outside {}", confine_to));
    }
    files.push_back(it->path().string());
  }
  if (ec) return PathError(path, ec.message());
  if (files.empty()) return PathError(path, "no *.yaml rule files");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace ks::config
