// Builds the PatternDb for a run: the built-in rules plus any --rules directories.
#pragma once

#include "cli/options.h"
#include "engine/db_loader.h"
#include "util/result.h"

namespace ks::cli {

Result<LoadedDb> LoadRunRules(const GlobalOptions& opts);

}  // namespace ks::cli
