#include "pipeline/repository_info.h"

#include <utility>

#include "git/repository.h"

namespace ks {

config::ScanRoot RepoScanRoot(const std::string& repo) {
  auto r = git::Repository::Discover(repo);
  if (!r.ok() || r->bare()) return {};
  return config::ScanRoot{
      .dir = config::WorkTreeRoot(repo), .paths_from_cwd = false, .committed = nullptr};
}

void DescribeRepository(git::HeadInfo head, Summary* summary) {
  summary->repository = std::move(head.path);
  summary->revision = std::move(head.revision);
  summary->branch = std::move(head.branch);
}

}  // namespace ks
