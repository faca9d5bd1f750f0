// Version strings for --version and the reports.
#pragma once

#include <string>
#include <string_view>

namespace ks::cli {

inline constexpr std::string_view kVersion = KEYSWEEP_VERSION;

// keysweep, Hyperscan and libgit2 versions and the built-in rules digest, one per line.
std::string VersionText();

}  // namespace ks::cli
