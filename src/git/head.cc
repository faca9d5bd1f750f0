#include "git/head.h"

#include <filesystem>

#include "git/handles.h"

namespace ks::git {
namespace {

std::string WithoutTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string RepositoryPath(git_repository* repo) {
  const char* workdir = git_repository_workdir(repo);
  const char* path = workdir != nullptr ? workdir : git_repository_path(repo);
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  return WithoutTrailingSlash(ec ? std::string(path) : absolute.string());
}

}  // namespace

HeadInfo DescribeHead(const Repository& repo) {
  git_repository* raw = Raw(repo);
  HeadInfo info{RepositoryPath(raw), "", ""};
  git_reference* head_raw = nullptr;
  if (git_repository_head(&head_raw, raw) != 0) return info;  // unborn or broken: no revision
  const ReferenceHandle head(head_raw);
  if (const git_oid* id = git_reference_target(head.get()); id != nullptr) {
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, id);
    info.revision = hex;
  }
  if (git_reference_is_branch(head.get())) info.branch = git_reference_name(head.get());
  return info;
}

}  // namespace ks::git
