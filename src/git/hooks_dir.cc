#include "git/hooks_dir.h"

#include <filesystem>

#include "git/handles.h"

namespace ks::git {
namespace {

struct ConfigFree {
  void operator()(git_config* c) const { git_config_free(c); }
};

std::string ConfiguredHooksPath(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) != 0) return "";
  std::unique_ptr<git_config, ConfigFree> config(raw);
  git_buf value = GIT_BUF_INIT;
  std::string out;
  if (git_config_get_path(&value, config.get(), "core.hooksPath") == 0) out = value.ptr;
  git_buf_dispose(&value);
  return out;
}

}  // namespace

Result<std::string> HooksDirectory(const Repository& repo) {
  git_repository* raw = Raw(repo);
  const std::filesystem::path configured = ConfiguredHooksPath(raw);
  if (configured.empty()) {
    return (std::filesystem::path(git_repository_commondir(raw)) / "hooks")
        .lexically_normal()
        .string();
  }
  if (configured.is_absolute()) return configured.string();
  const char* base = git_repository_workdir(raw);
  const std::filesystem::path root = base ? base : git_repository_path(raw);
  return (root / configured).lexically_normal().string();
}

}  // namespace ks::git
