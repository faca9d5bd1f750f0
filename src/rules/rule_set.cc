#include "rules/rule_set.h"

#include <fmt/format.h>

#include <utility>

#include "util/sha256.h"

namespace ks {
namespace {

void HashRule(const Rule& r, Sha256& h) {
  h.UpdateField(r.id).UpdateField(r.pattern);
  for (int g : r.secret_groups) h.UpdateField(std::to_string(g));
  h.UpdateField(fmt::format("{:.6f}/{}/{}/{}", r.filters.min_entropy, r.filters.min_char_classes,
                            r.filters.reject_hex, BoundaryName(r.filters.boundary)));
  h.UpdateField(SeverityName(r.severity)).UpdateField(r.playbook);
}

}  // namespace

RuleSet::RuleSet(std::vector<Rule> rules) : rules_(std::move(rules)) {
  Sha256 h;
  h.UpdateField("keysweep-rules-v1");
  for (const Rule& r : rules_) HashRule(r, h);
  digest_ = h.HexDigest();
}

RuleSet RuleSet::WithKnownDigest(std::vector<Rule> rules, std::string digest) {
  RuleSet set;
  set.rules_ = std::move(rules);
  set.digest_ = std::move(digest);
  return set;
}

int RuleSet::Find(std::string_view id) const {
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ks
