// The line that ends a report with findings: what the reader runs next.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace ks {

// Names the playbooks of the findings (`keysweep playbook ID`) and how to get the response per
// key with its values filled in; ends with a newline. `playbooks` may be empty.
std::string NextStepsLine(const std::set<std::string>& playbooks,
                          std::string_view lead = "Next steps");

}  // namespace ks
