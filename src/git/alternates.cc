#include "git/alternates.h"

#include "util/file.h"
#include "util/text.h"

namespace ks::git {

std::vector<std::filesystem::path> AlternateDirs(const std::filesystem::path& objects_dir) {
  constexpr uint64_t kMaxBytes = uint64_t{1} << 20;
  std::vector<std::filesystem::path> dirs;
  auto text = ReadRegularFile((objects_dir / "info" / "alternates").string(), kMaxBytes);
  if (!text.ok()) return dirs;
  for (std::string_view line : DataLines(*text)) {
    if (line.front() == '"') continue;
    const std::filesystem::path dir(line);
    dirs.push_back(dir.is_absolute() ? dir : objects_dir / dir);
  }
  return dirs;
}

}  // namespace ks::git
