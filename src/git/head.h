// What a report says about the repository it read: where it is and what HEAD pointed at, for
// SARIF's versionControlProvenance.
#pragma once

#include <string>

#include "git/repository.h"

namespace ks::git {

struct HeadInfo {
  std::string path;      // the working tree, or the git directory of a bare repository; absolute
  std::string revision;  // HEAD's commit id; empty when HEAD is unborn
  std::string branch;    // e.g. "refs/heads/main"; empty when HEAD is detached
};

HeadInfo DescribeHead(const Repository& repo);

}  // namespace ks::git
