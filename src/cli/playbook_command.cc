// `keysweep playbook [ID | --from REPORT.json] [--format markdown|text] [--lang en|ja]`: the
// response playbooks. Without arguments it lists them, with an ID it prints one with every value
// still to fill in, and with --from it renders the response to each key of a JSON report, live
// keys first, with the key's values filled in.
//
// The subcommand has its own --format (markdown|text), which shadows the global report format
// (text|json) when it follows `playbook`; a global `--format text` before the command name is
// honoured, any other global format is an error rather than silently ignored.

#include <iostream>
#include <memory>
#include <string>

#include "cli/command_run.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "playbook/incident.h"
#include "playbook/render.h"
#include "util/env.h"
#include "util/file.h"

namespace ks::cli {
namespace {

struct PlaybookArgs {
  std::string id;
  std::string from;
  std::string format = "markdown";
  std::string lang;                            // empty: from LC_ALL / LC_MESSAGES / LANG
  const CLI::Option* global_format = nullptr;  // the parent's --format, to see whether it was given
};

Result<playbook::RenderOptions> RenderOptionsFor(const GlobalOptions& opts,
                                                 const PlaybookArgs& args) {
  playbook::RenderOptions r;
  std::string format = args.format;
  if (args.global_format != nullptr && args.global_format->count() > 0) {
    if (opts.format != "text") {
      return MakeError(ErrorKind::kUsage,
                       "keysweep playbook writes markdown or text: use `keysweep playbook "
                       "--format markdown|text`");
    }
    format = "text";
  }
  playbook::ParseFormat(format, &r.format);  // CLI11 checked the value
  r.lang = args.lang.empty() ? playbook::LocaleLang(Env::Default())
                             : playbook::ParseLang(args.lang).value_or(playbook::Lang::kEn);
  r.report = args.from.empty() ? r.report : args.from;
  return r;
}

Result<std::string> RenderFromReport(const playbook::Catalogue& catalogue,
                                     const playbook::RenderOptions& r, const std::string& path) {
  std::string text;
  if (!ReadFileToString(path, &text)) return MakeError(ErrorKind::kInput, "cannot read " + path);
  auto rendered = playbook::RenderReport(catalogue, text, r);
  if (!rendered.ok()) return MakeError(ErrorKind::kInput, path + ": " + rendered.error().message);
  return rendered;
}

int Write(const GlobalOptions& opts, const std::string& text) {
  auto out = Output::Open(opts);
  if (!out.ok()) return ReportError(out.error());
  out.value()->stream() << text;
  if (!out.value()->Close())
    return ReportError(MakeError(ErrorKind::kInput, "cannot write output"));
  return kExitClean;
}

int RunPlaybook(const GlobalOptions& opts, const PlaybookArgs& args) {
  auto r = RenderOptionsFor(opts, args);
  if (!r.ok()) return ReportError(r.error());
  if (!args.id.empty() && !args.from.empty()) {
    return ReportError(
        MakeError(ErrorKind::kUsage, "give a playbook ID or --from REPORT, not both"));
  }
  auto catalogue = playbook::Catalogue::Builtin();
  if (!catalogue.ok()) return ReportError(catalogue.error());
  if (!args.from.empty()) {
    auto text = RenderFromReport(catalogue.value(), r.value(), args.from);
    return text.ok() ? Write(opts, text.value()) : ReportError(text.error());
  }
  if (args.id.empty()) return Write(opts, playbook::RenderList(catalogue.value(), r->lang));
  const playbook::Playbook* pb = catalogue->Find(args.id);
  if (pb == nullptr) {
    ReportError(MakeError(ErrorKind::kUsage, "no playbook named '" + args.id + "'; there are:"));
    std::cerr << playbook::RenderList(catalogue.value(), r->lang);
    return kExitError;
  }
  return Write(opts, playbook::RenderPlaybook(catalogue.value(), *pb, r.value()));
}

}  // namespace

void AddPlaybookCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<PlaybookArgs>();
  args->global_format = app.get_option("--format");
  CLI::App* cmd = app.add_subcommand(
      "playbook",
      "Incident response playbooks: list them, print one, or render one per key of a "
      "JSON report (--from)\n"
      "\n"
      "A playbook says what to do in the minutes after a key leaked, in four phases (contain, "
      "investigate, recover, harden), each step with why it matters and, where AWS has one, "
      "the AWS CLI command. With --from, each distinct key of the report is one incident, live "
      "keys first, with the key ID, account, user or role and region filled into the commands; "
      "values the report does not give stay <MARKERS>. --format and --lang belong to this "
      "command and follow its name.");
  cmd->add_option("id", args->id, "The playbook to print (see the list)");
  cmd->add_option("--from", args->from,
                  "Render the response to each key of this JSON report (--format json)");
  cmd->add_option("--format", args->format, "Playbook format")
      ->check(CLI::IsMember({"markdown", "text"}))
      ->capture_default_str();
  cmd->add_option("--lang", args->lang, "Language: en or ja (default: from LC_ALL / LANG)")
      ->check(CLI::IsMember({"en", "ja"}));
  cmd->footer(
      "EXAMPLES\n"
      "  keysweep playbook\n"
      "  keysweep playbook aws-access-key\n"
      "  keysweep history --verify --format json -o report.json\n"
      "  keysweep playbook --from report.json --format text --lang ja -o response.txt");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunPlaybook(opts, *args); });
}

}  // namespace ks::cli
