// RuleSet: an ordered, validated, immutable collection of rules with a content digest.
//
// Rule indices are stable for the life of the set and are what the engine reports. Thread-safe
// for concurrent reads once built.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace ks {

class RuleSet {
 public:
  RuleSet() = default;
  explicit RuleSet(std::vector<Rule> rules);
  // For rules whose digest was computed at build time from this very data (the built-in rules;
  // a test recomputes it): skips hashing, which would otherwise initialise OpenSSL on every start.
  static RuleSet WithKnownDigest(std::vector<Rule> rules, std::string digest);

  const std::vector<Rule>& rules() const { return rules_; }
  size_t size() const { return rules_.size(); }
  const Rule& operator[](size_t i) const { return rules_[i]; }
  // Index of the rule with this id, or -1.
  int Find(std::string_view id) const;

  // SHA-256 (hex) over every field that changes what is detected or how it is reported:
  // id, pattern, secret group, filters, severity, playbook. Examples and prose do not count,
  // so editing documentation never invalidates a compiled database or a scan state.
  const std::string& digest() const { return digest_; }

 private:
  std::vector<Rule> rules_;
  std::string digest_;
};

}  // namespace ks
