#include "scan/rule_check.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "scan/extract.h"
#include "scan/filters.h"

namespace ks {
namespace {

bool HasRule(const std::vector<Match>& matches, size_t rule) {
  return std::any_of(matches.begin(), matches.end(),
                     [rule](const Match& m) { return m.rule == rule; });
}

// Explains why RE2's first match in `text` did not survive the filters.
std::string WhyRejected(const Rule& r, const re2::RE2& re, std::string_view text) {
  RawMatch m;
  if (!NextRawMatch(r, re, text, 0, text.size(), &m)) return "no match";
  if (!m.has_secret()) return "the secret group is empty";
  if (!PassesBoundary(r.filters.boundary, text, m.secret_begin, m.secret_end)) {
    return fmt::format("{} boundary", BoundaryName(r.filters.boundary));
  }
  std::string why;
  const std::string_view secret = text.substr(m.secret_begin, m.secret_end - m.secret_begin);
  if (!PassesSecretFilters(r.filters, secret, &why)) return why;
  return "rejected after confirmation";
}

class Checker {
 public:
  Checker(Scanner& scanner, RuleCheckReport* report) : scanner_(scanner), report_(report) {}

  void CheckRule(size_t i) {
    const Rule& r = scanner_.db().rules()[i];
    for (size_t k = 0; k < r.examples.size(); ++k) CheckExample(i, k, r.examples[k]);
    for (size_t k = 0; k < r.negative_examples.size(); ++k)
      CheckNegative(i, k, r.negative_examples[k]);
    report_->examples += r.examples.size();
    report_->negative_examples += r.negative_examples.size();
  }

 private:
  void Fail(const Rule& r, std::string msg) {
    report_->failures.push_back(fmt::format("{}: rule {}: {}", r.loc.ToString(), r.id, msg));
  }

  void CheckExample(size_t i, size_t k, const std::string& text) {
    const Rule& r = scanner_.db().rules()[i];
    const re2::RE2& re = scanner_.db().Regex(i);
    const bool re2_hit = re2::RE2::PartialMatch(text, re);
    if (!HyperscanHit(i, text))
      Fail(r, fmt::format("example {}: Hyperscan finds no candidate", k + 1));
    if (!re2_hit) Fail(r, fmt::format("example {}: RE2 finds no match", k + 1));
    if (!scanner_.Scan(text, &matches_) || !HasRule(matches_, i)) {
      if (re2_hit)
        Fail(r, fmt::format("example {}: not reported ({})", k + 1, WhyRejected(r, re, text)));
    }
  }

  void CheckNegative(size_t i, size_t k, const std::string& text) {
    const Rule& r = scanner_.db().rules()[i];
    if (!scanner_.Scan(text, &matches_)) {
      Fail(r, fmt::format("negative example {}: scan failed", k + 1));
    } else if (HasRule(matches_, i)) {
      Fail(r, fmt::format("negative example {} is reported as a finding", k + 1));
    }
  }

  bool HyperscanHit(size_t i, const std::string& text) {
    if (!scanner_.Candidates(text, &candidates_)) return false;
    return std::any_of(candidates_.begin(), candidates_.end(),
                       [i](const Candidate& c) { return c.rule == i; });
  }

  Scanner& scanner_;
  RuleCheckReport* report_;
  std::vector<Match> matches_;
  std::vector<Candidate> candidates_;
};

}  // namespace

RuleCheckReport CheckRuleExamples(Scanner& scanner) {
  RuleCheckReport report;
  Checker checker(scanner, &report);
  report.rules = scanner.db().rules().size();
  for (size_t i = 0; i < report.rules; ++i) checker.CheckRule(i);
  return report;
}

}  // namespace ks
