#include "playbook/rule_help.h"

#include <fmt/format.h>

#include "playbook/render.h"

namespace ks::playbook {
namespace {

std::string HelpText(const Playbook& pb, Lang lang) {
  return fmt::format(
      "{}\n\n{}\n\nThe full response, with this key's values filled in: "
      "`keysweep playbook --from REPORT.json` (a --format json report), or "
      "`keysweep playbook {}`.",
      pb.title.In(lang), pb.summary.In(lang), pb.id);
}

RuleInfo Describe(const Rule& rule, const Catalogue* catalogue, Lang lang) {
  RuleInfo info{rule.id, rule.name, rule.description, rule.severity, rule.playbook, "", ""};
  const Playbook* pb = catalogue ? catalogue->Find(rule.playbook) : nullptr;
  if (pb == nullptr) return info;
  info.help_text = HelpText(*pb, lang);
  RenderOptions render;
  render.lang = lang;
  render.format = Format::kMarkdown;
  info.help_markdown = RenderPlaybook(*catalogue, *pb, render);
  return info;
}

}  // namespace

std::vector<RuleInfo> DescribeRules(const RuleSet& rules, Lang lang) {
  // The built-in catalogue is validated by the tests; should it fail to load, the rules are still
  // described, only without help.
  auto catalogue = Catalogue::Builtin();
  const Catalogue* c = catalogue.ok() ? &catalogue.value() : nullptr;
  std::vector<RuleInfo> out;
  for (const Rule& rule : rules.rules()) out.push_back(Describe(rule, c, lang));
  return out;
}

}  // namespace ks::playbook
