#include "cli/version.h"

#include <fmt/format.h>

#include "builtin/builtin.h"
#include "engine/pattern_db.h"
#include "git/version.h"

namespace ks::cli {

std::string VersionText() {
  return fmt::format(
      "keysweep {}\nhyperscan {}\nlibgit2 {}\nrules sha256:{} ({} built-in rule files)", kVersion,
      HyperscanVersion(), git::Libgit2Version(), builtin::RulesDigest(),
      builtin::RuleFiles().size());
}

}  // namespace ks::cli
