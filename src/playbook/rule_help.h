// The rule descriptions a report lists (SARIF's driver.rules), with each rule's response playbook
// as its help: what a reviewer reads in a code-scanning alert.
#pragma once

#include <vector>

#include "playbook/playbook.h"
#include "report/rule_info.h"
#include "rules/rule_set.h"

namespace ks::playbook {

// One RuleInfo per rule, in rule order. A rule whose playbook is unknown gets no help rather
// than an error: custom rules may name playbooks keysweep does not ship.
std::vector<RuleInfo> DescribeRules(const RuleSet& rules, Lang lang);

}  // namespace ks::playbook
