#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/version.h"
#include "report/reporter.h"

namespace ks::cli {
namespace {

// Configuration and accepted findings; the command line beats the configuration file.
void AddConfigOptions(CLI::App& app, GlobalOptions& o) {
  CLI::Option* config = app.add_option(
      "--config", o.config,
      "Read the configuration from FILE (trusted) instead of .keysweep.yaml at the scan root");
  app.add_flag("--no-config", o.no_config, "Read neither .keysweep.yaml nor .gitleaksignore")
      ->excludes(config);
  app.add_option("--baseline", o.baseline,
                 "Suppress the findings whose fingerprints FILE lists (see `baseline create`)");
  app.add_option("--fail-on-severity", o.fail_on_severity,
                 "Only findings of these severities make the exit code 1 (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
}

void AddGlobalOptions(CLI::App& app, GlobalOptions& o) {
  app.add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember(ReporterFormats()))
      ->capture_default_str();
  app.add_option("-o,--output", o.output, "Write the report to FILE (created with mode 0600)");
  app.add_option("--color", o.color, "Colour: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("--show-secrets", o.show_secrets, "Print secrets in full instead of redacted");
  app.add_option("--rules", o.rule_dirs, "Add the rules in DIR/*.yaml (repeatable)")
      ->allow_extra_args(false);  // one DIR per --rules: a path after it is the command's
  app.add_flag("--include-examples", o.include_examples,
               "Also report AWS documentation example keys and placeholders");
  app.add_flag("--no-builtin-rules", o.no_builtin_rules, "Use only the rules given with --rules");
  app.add_option("--max-file-size", o.max_file_size, "Skip files larger than this many bytes")
      ->each([&o](const std::string&) { o.max_file_size_given = true; })
      ->capture_default_str();
  AddConfigOptions(app, o);
  app.add_flag("--verify", o.verify,
               "Check each found key pair live with STS GetCallerIdentity (sends a signature, "
               "never the secret; canaries and examples are never sent)");
  app.add_option("--sts-endpoint", o.sts_endpoint, "STS endpoint URL for --verify")
      ->capture_default_str();
  app.add_option("--sts-region", o.sts_region, "Region the STS requests are signed for")
      ->capture_default_str();
  app.add_option("--sts-ca-file", o.sts_ca_file, "PEM CA bundle to trust for the STS endpoint");
  app.add_option("--verify-timeout", o.verify_timeout_s, "Seconds per STS request")
      ->check(CLI::Range(0.1, 300.0))
      ->capture_default_str();
  app.add_option("--verify-deadline", o.verify_deadline_s, "Seconds for all the checks of a run")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("--verify-concurrency", o.verify_concurrency, "STS requests in flight at once")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  app.add_flag("--only-verified", o.only_verified, "Report only findings STS confirms are live");
  app.add_option("--fail-on", o.fail_on, "Exit 1 on any finding, or only on live ones")
      ->check(CLI::IsMember({"any", "live"}))
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
  AddVerifyCommand(app, opts, &exit_code);
  AddPlaybookCommand(app, opts, &exit_code);
  AddBaselineCommand(app, opts, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help, version or the usage error
    return rc == 0 ? kExitClean : kExitError;
  }
  return exit_code;
}

}  // namespace ks::cli
