// `keysweep rules check`: proves each rule's examples match and its negative examples do not,
// through the real engine.
//
// An example must (1) produce a Hyperscan candidate for its rule, (2) match the rule's RE2 on its
// own, and (3) survive the whole pipeline (window, secret group, boundary and filters). A negative
// example must not survive the pipeline. Checking the engines separately catches a pattern whose
// meaning differs between Hyperscan and RE2.
#pragma once

#include <string>
#include <vector>

#include "scan/scanner.h"

namespace ks {

struct RuleCheckReport {
  size_t rules = 0;
  size_t examples = 0;
  size_t negative_examples = 0;
  std::vector<std::string> failures;  // "file:line: rule id: what failed"
};

RuleCheckReport CheckRuleExamples(Scanner& scanner);

}  // namespace ks
