// `keysweep rules list`: the rules of a run as a table for people or as JSON for scripts.
#pragma once

#include <string>

#include "rules/rule_set.h"

namespace ks {

// One line per rule (id, severity, playbook, name), then the count and the rules digest.
std::string RuleListText(const RuleSet& rules);

// An array of {id, name, severity, playbook, description, references}, indented, with a final
// newline.
std::string RuleListJson(const RuleSet& rules);

}  // namespace ks
