// The linked libgit2's version, for --version.
#pragma once

#include <string>

namespace ks::git {

std::string Libgit2Version();

}  // namespace ks::git
