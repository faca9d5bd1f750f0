// When a command shows the progress line (report/progress_line.h), and with which settings.
#pragma once

#include <string>

#include "cli/options.h"
#include "pipeline/progress_observer.h"
#include "report/progress_line.h"

namespace ks::cli {

// Whether a command run with `opts` shows progress: never with --quiet; otherwise when stderr is
// a terminal that can clear a line (TERM is not "dumb"). KEYSWEEP_PROGRESS=1 (or 0) forces it
// on (or off) whatever stderr is, for tests and debugging.
bool ProgressWanted(const GlobalOptions& opts);

// ProgressOptions for a command run with `opts`, counting `unit`. For tests and debugging,
// KEYSWEEP_PROGRESS_INTERVAL_MS (1 to 60000) replaces the 200 ms between redraws.
ProgressOptions ProgressFor(const GlobalOptions& opts, std::string unit);

// Makes the progress line of each source a run scans (the pipeline asks for one per source).
ProgressFactory ProgressMaker(const GlobalOptions& opts);

// The same for a scan whose report is written while it runs (`scan`): no line when the report
// goes to standard output and that is a terminal, where its lines would break into the
// progress line (the findings scrolling by show the progress then). KEYSWEEP_PROGRESS still
// forces it.
ProgressFactory StreamingProgressMaker(const GlobalOptions& opts);

}  // namespace ks::cli
