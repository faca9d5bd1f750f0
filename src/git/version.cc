#include "git/version.h"

#include <fmt/format.h>
#include <git2.h>

namespace ks::git {

std::string Libgit2Version() {
  int major = 0, minor = 0, rev = 0;
  git_libgit2_version(&major, &minor, &rev);
  return fmt::format("{}.{}.{}", major, minor, rev);
}

}  // namespace ks::git
