// What a report says about a rule beyond its findings: SARIF lists every rule of the run with
// its description and help (the response playbook), so that a code-scanning alert tells the
// reader what to do. Plain data, filled by the CLI, which can reach the playbooks.
#pragma once

#include <string>

#include "rules/rule.h"

namespace ks {

struct RuleInfo {
  std::string id;
  std::string name;
  std::string description;
  Severity severity = Severity::kMedium;
  std::string playbook;       // the playbook id, empty when the rule names none
  std::string help_text;      // plain text: the playbook's title and summary
  std::string help_markdown;  // the whole playbook, every value still to fill in
};

}  // namespace ks
