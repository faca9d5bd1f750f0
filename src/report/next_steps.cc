#include "report/next_steps.h"

#include <fmt/format.h>

namespace ks {

std::string NextStepsLine(const std::set<std::string>& playbooks, std::string_view lead) {
  std::string what = "`keysweep playbook` lists the response playbooks";
  if (!playbooks.empty()) {
    what = fmt::format("`keysweep playbook {}` says what to do", fmt::join(playbooks, "|"));
  }
  return fmt::format(
      "{}: rotate every key found (deleting it from the code leaves it in git history). "
      "{}; for each key's response with its values filled in, write --format json -o "
      "report.json and run `keysweep playbook --from report.json`.\n",
      lead, what);
}

}  // namespace ks
