// The lines a run prints on stderr at its end besides SummaryLine(): what was suppressed, and
// what a baseline command wrote. Each ends with a newline.
#pragma once

#include <cstddef>
#include <string>

#include "pipeline/scan_session.h"
#include "pipeline/session_options.h"

namespace ks {

// "keysweep: suppressed 3 findings: 2 by the baseline, 1 by inline markers", so that a silenced
// key is never a surprise; "" when nothing was suppressed.
std::string SuppressedLine(const SuppressedCounts& counts);

// What `baseline create` wrote or `baseline prune` dropped (`before` and `after` entries); the
// path, which a repository's configuration may name, is made terminal-safe.
std::string BaselineWrittenLine(BaselineAction action, size_t before, size_t after,
                                const std::string& path);

}  // namespace ks
