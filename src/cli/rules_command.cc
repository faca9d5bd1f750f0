// `keysweep rules list` and `keysweep rules check`.
#include <fmt/format.h>

#include <iostream>

#include "cli/command_run.h"
#include "cli/commands.h"
#include "pipeline/rule_loading.h"
#include "report/rule_list.h"
#include "scan/rule_check.h"

namespace ks::cli {
namespace {

int ListRules(const GlobalOptions& opts) {
  auto db = LoadRunRules(opts.session.rules);
  if (!db.ok()) return ReportError(db.error());
  const RuleSet& rules = db->db->rules();
  std::cout << (opts.format == "json" ? RuleListJson(rules) : RuleListText(rules));
  return kExitClean;
}

int CheckRules(const GlobalOptions& opts) {
  auto db = LoadRunRules(opts.session.rules);
  if (!db.ok()) return ReportError(db.error());
  Scanner scanner(db->db);
  const RuleCheckReport report = CheckRuleExamples(scanner);
  for (const std::string& f : report.failures) WriteStderrMessage("keysweep: ", f);
  std::cout << fmt::format(
      "rules check: {} rules, {} examples, {} negative examples: {}\n", report.rules,
      report.examples, report.negative_examples,
      report.failures.empty() ? "ok" : fmt::format("{} failures", report.failures.size()));
  return report.failures.empty() ? kExitClean : kExitError;
}

}  // namespace

void AddRulesCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  CLI::App* rules = app.add_subcommand(
      "rules",
      "List or check the detection rules\n"
      "\n"
      "The rules are the built-in ones (unless --no-builtin-rules) plus those given with "
      "--rules DIR (not the configuration's extra_rules). Each is a YAML entry with a pattern "
      "common to Hyperscan and RE2, the capture group holding the secret, filters, a severity, "
      "a response playbook and examples.");
  rules->require_subcommand(1);
  rules->footer(
      "EXAMPLES\n"
      "  keysweep rules list\n"
      "  keysweep --format json rules list\n"
      "  keysweep --rules ci/rules --no-builtin-rules rules check");
  rules
      ->add_subcommand("list",
                       "List the rules in use\n"
                       "\n"
                       "One line per rule (id, severity, playbook, name), then the number of "
                       "rules and their digest; a JSON array with --format json.")
      ->callback([&opts, exit_code] { *exit_code = ListRules(opts); });
  rules
      ->add_subcommand("check",
                       "Check every rule's examples and negative examples\n"
                       "\n"
                       "Runs each rule's examples through the Hyperscan stage alone, RE2 alone "
                       "and the full pipeline: every example must be found and no negative "
                       "example may be. Exits 2 on any failure.")
      ->callback([&opts, exit_code] { *exit_code = CheckRules(opts); });
}

}  // namespace ks::cli
