// FindingSink: where a run's findings go once the run-wide passes are done with them. The
// reporters (report/) and the baseline recorder implement it; the pipeline never knows which.
//
// Calls come from one thread, in report order: Accept() per finding, then Complete() once. A
// sink that fails (a report that cannot be written) returns an error: the run stops offering
// findings, and the error reaches the user as the run's error.
#pragma once

#include "findings/finding.h"
#include "pipeline/summary.h"
#include "util/result.h"

namespace ks {

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual Status Accept(const Finding& f) = 0;
  virtual Status Complete(const Summary& s) = 0;
};

}  // namespace ks
