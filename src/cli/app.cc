#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/version.h"
#include "report/reporter.h"

namespace ks::cli {
namespace {

void AddGlobalOptions(CLI::App& app, GlobalOptions& o) {
  app.add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember(ReporterFormats()))
      ->capture_default_str();
  app.add_option("-o,--output", o.output, "Write the report to FILE (created with mode 0600)");
  app.add_option("--color", o.color, "Colour: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("--show-secrets", o.show_secrets, "Print secrets in full instead of redacted");
  app.add_option("--rules", o.rule_dirs, "Add the rules in DIR/*.yaml (repeatable)");
  app.add_flag("--include-examples", o.include_examples,
               "Also report AWS documentation example keys and placeholders");
  app.add_flag("--no-builtin-rules", o.no_builtin_rules, "Use only the rules given with --rules");
  app.add_option("--max-file-size", o.max_file_size, "Skip files larger than this many bytes")
      ->capture_default_str();
  app.add_flag("-v,--verbose", o.verbose, "Explain what keysweep is doing on stderr");
  app.add_flag("-q,--quiet", o.quiet, "No summary line or notices on stderr");
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"keysweep: finds AWS credentials in files and git history", "keysweep"};
  app.set_version_flag("--version", [] { return VersionText(); });
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand
  GlobalOptions opts;
  int exit_code = kExitError;
  AddGlobalOptions(app, opts);
  AddScanCommand(app, opts, &exit_code);
  AddRulesCommand(app, opts, &exit_code);
  AddHistoryCommand(app, opts, &exit_code);
  AddStagedCommand(app, opts, &exit_code);
  AddHookCommands(app, opts, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help, version or the usage error
    return rc == 0 ? kExitClean : kExitError;
  }
  return exit_code;
}

}  // namespace ks::cli
