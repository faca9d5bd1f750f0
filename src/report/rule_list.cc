#include "report/rule_list.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace ks {

std::string RuleListText(const RuleSet& rules) {
  std::string out;
  for (const Rule& r : rules.rules()) {
    out +=
        fmt::format("{:<26} {:<9} {:<20} {}\n", r.id, SeverityName(r.severity), r.playbook, r.name);
  }
  return out + fmt::format("{} rules, digest sha256:{}\n", rules.size(), rules.digest());
}

std::string RuleListJson(const RuleSet& rules) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Rule& r : rules.rules()) {
    list.push_back({{"id", r.id},
                    {"name", r.name},
                    {"severity", SeverityName(r.severity)},
                    {"playbook", r.playbook},
                    {"description", r.description},
                    {"references", r.references}});
  }
  return list.dump(2) + "\n";
}

}  // namespace ks
