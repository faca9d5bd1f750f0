#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/version.h"
#include "report/reporter.h"
#include "util/text_wrap.h"

namespace ks::cli {
namespace {

// `--help` is read like a man page: at most kHelpWidth columns.
constexpr size_t kHelpWidth = 80;
constexpr size_t kHelpColumn = 30;

// CLI11 2.1 prints every text on one line however long it is. This formatter wraps them, and
// lists a command by the first line of its description only, so that the description can go on
// with a paragraph that only the command's own --help shows.
class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(kHelpColumn); }

  // Followed by a blank line, like a man page's DESCRIPTION before what comes next.
  std::string make_description(const CLI::App* app) const override {
    const std::string d = CLI::Formatter::make_description(app);
    return d.empty() ? d : WrapText(d, kHelpWidth) + "\n";
  }
  std::string make_option_desc(const CLI::Option* opt) const override {
    return WrapText(opt->get_description(), kHelpWidth - kHelpColumn);
  }
  std::string make_footer(const CLI::App* app) const override {
    return WrapText(CLI::Formatter::make_footer(app), kHelpWidth);
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    const std::string& d = sub->get_description();
    std::string out = "  " + sub->get_display_name(true);
    out.resize(std::max(out.size() + 1, kHelpColumn), ' ');
    for (char c : WrapText(d.substr(0, d.find('\n')), kHelpWidth - kHelpColumn)) {
      out.push_back(c);
      if (c == '\n') out.append(kHelpColumn, ' ');
    }
    return out + "\n";
  }
};

constexpr char kDescription[] =
    "keysweep: finds AWS credentials and private keys in files and git history\n"
    "\n"
    "keysweep blocks an AWS key in a pre-commit hook before it is committed, and after a "
    "suspected leak finds every key already in a repository's history, naming the commit that "
    "introduced it. One Hyperscan database finds candidates for every rule and RE2 confirms each "
    "on a bounded window; libgit2 reads repositories, and keysweep never runs git or any "
    "program a repository's configuration names. Secrets are redacted to their first 4 "
    "characters (to nothing under 20 characters) unless --show-secrets is given.";

constexpr char kFooter[] =
    "The options above apply to every command, before or after its name. "
    "`keysweep COMMAND --help` describes a command and its own options; the keysweep(1) manual "
    "page and the README describe everything.\n"
    "\n"
    "EXIT STATUS\n"
    "  0  scanned, no findings\n"
    "  1  findings (only live ones with --fail-on live; only those of the listed\n"
    "     severities with --fail-on-severity); suppressed findings never count\n"
    "  2  an error: bad usage, unreadable input, bad rules or configuration, a\n"
    "     repository that cannot be opened, nothing scanned at all, or content\n"
    "     skipped for its size (unless --allow-skipped); an error wins over\n"
    "     findings, which are still reported\n"
    "\n"
    "ENVIRONMENT\n"
    "  NO_COLOR            non-empty: no colour unless --color always\n"
    "  KEYSWEEP_CACHE_DIR  cache for compiled --rules (default ~/.cache/keysweep)\n"
    "  LANG, LC_ALL        ja...: playbooks and SARIF help in Japanese\n"
    "  KEYSWEEP_PROGRESS   1 or 0: progress line forced on or off (tests, debugging)\n"
    "  SSL_CERT_FILE, SSL_CERT_DIR  CA certificates for https:// clone URLs (default:\n"
    "                      the system bundle)\n"
    "\n"
    "EXAMPLES\n"
    "  keysweep scan .                        the working tree\n"
    "  keysweep history                       every blob of the repository in .\n"
    "  keysweep history origin/main..HEAD --format sarif -o keysweep.sarif\n"
    "  keysweep history --verify --format json -o report.json\n"
    "  keysweep playbook --from report.json   what to do about each key found\n"
    "  keysweep install-hook                  block keys at commit time";

// Configuration and accepted findings; the command line beats the configuration file.
void AddConfigOptions(CLI::App& app, GlobalOptions& o) {
  CLI::Option* config =
      app.add_option("--config", o.session.config,
                     "Read the configuration from FILE (trusted: it may name any path) instead "
                     "of .keysweep.yaml at the scan root")
          ->type_name("FILE")
          ->group("Configuration");
  app.add_flag("--no-config", o.session.no_config,
               "Read neither .keysweep.yaml nor .gitleaksignore (to audit a repository you do "
               "not trust)")
      ->excludes(config)
      ->group("Configuration");
  app.add_option("--baseline", o.session.baseline,
                 "Suppress the findings whose fingerprints FILE lists (see `baseline create`); "
                 "a missing or damaged FILE is an error")
      ->type_name("FILE")
      ->group("Configuration");
  app.add_option("--fail-on-severity", o.session.fail_on_severity,
                 "Only findings of these severities make the exit status 1 (comma-separated: "
                 "info,low,medium,high,critical); the others are still reported")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}))
      ->type_name("LIST")
      ->group("Configuration");
}

void AddOutputOptions(CLI::App& app, GlobalOptions& o) {
  app.add_option("--format", o.format,
                 "Report format: text (one line per finding), json, jsonl (one finding per line, "
                 "then the summary) or sarif (SARIF 2.1.0, for code scanning)")
      ->check(CLI::IsMember(ReporterFormats()))
      ->capture_default_str()
      ->group("Output");
  app.add_option("-o,--output", o.output,
                 "Write the report to FILE, created with mode 0600 and replaced only once "
                 "complete (default: standard output)")
      ->type_name("FILE")
      ->group("Output");
  app.add_option("--color", o.color,
                 "Colour in the text report: auto (only on a terminal, and not when NO_COLOR is "
                 "set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str()
      ->group("Output");
  // Defined after --color so that its callback runs last: it wins whatever the order.
  app.add_flag_callback(
         "--no-color", [&o] { o.color = "never"; }, "The same as --color never")
      ->group("Output");
  app.add_flag("--show-secrets", o.show_secrets,
               "Print secrets in full instead of their first 4 characters (none of a secret "
               "under 20 characters)")
      ->group("Output");
  app.add_option("--max-findings", o.session.max_findings,
                 "Stop the report after N findings: it then says it is incomplete, and the run "
                 "exits 1 at least")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->type_name("N")
      ->group("Output");
}

void AddRuleOptions(CLI::App& app, GlobalOptions& o) {
  app.add_option("--rules", o.session.rules.dirs,
                 "Add the rules in DIR/*.yaml (repeatable); compiled once and cached")
      ->type_name("DIR")
      ->allow_extra_args(false)  // one DIR per --rules: a path after it is the command's
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group("Rules");
  app.add_flag("--no-builtin-rules", o.session.rules.no_builtin,
               "Use only the rules given with --rules")
      ->group("Rules");
  app.add_flag("--include-examples", o.session.include_examples,
               "Also report AWS documentation example keys and placeholders")
      ->group("Rules");
  app.add_option("--max-file-size", o.session.max_file_size,
                 "Skip files, blobs and commit messages larger than this many bytes; what is "
                 "skipped is listed in the report and makes the exit code 2 (see "
                 "--allow-skipped). Large content is read in chunks, so this bounds time, not "
                 "memory")
      ->each([&o](const std::string&) { o.session.max_file_size_given = true; })
      ->capture_default_str()
      ->type_name("BYTES")
      ->group("Rules");
  app.add_flag("--allow-skipped", o.allow_skipped,
               "Accept an incomplete scan: content skipped for its size is still listed in the "
               "report and on stderr, but does not make the exit code 2")
      ->group("Rules");
}

void AddVerifyOptions(CLI::App& app, GlobalOptions& o) {
  const char* group = "Live verification (nothing is sent without --verify)";
  app.add_flag("--verify", o.session.verify.enabled,
               "Check each found key pair live with STS GetCallerIdentity (sends a signature, "
               "never the secret; canaries and examples are never sent). The call shows in the "
               "key owner's CloudTrail")
      ->group(group);
  app.add_option("--sts-endpoint", o.session.verify.sts_endpoint,
                 "STS endpoint URL for --verify (plain http only to loopback)")
      ->capture_default_str()
      ->type_name("URL")
      ->group(group);
  app.add_option("--sts-region", o.session.verify.sts_region,
                 "Region the STS requests are signed for")
      ->capture_default_str()
      ->type_name("REGION")
      ->group(group);
  app.add_option("--sts-ca-file", o.session.verify.sts_ca_file,
                 "PEM CA bundle to trust for the STS endpoint (default: the system's)")
      ->type_name("FILE")
      ->group(group);
  app.add_option("--verify-timeout", o.session.verify.timeout_s, "Seconds per STS request")
      ->check(CLI::Range(0.1, 300.0))
      ->capture_default_str()
      ->group(group);
  app.add_option("--verify-deadline", o.session.verify.deadline_s,
                 "Seconds for all the checks of a run")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str()
      ->group(group);
  app.add_option("--verify-concurrency", o.session.verify.concurrency,
                 "STS requests in flight at once")
      ->check(CLI::Range(1, 32))
      ->capture_default_str()
      ->group(group);
  app.add_flag("--only-verified", o.session.verify.only_verified,
               "Report only findings STS confirms are live")
      ->group(group);
  app.add_option("--fail-on", o.fail_on,
                 "Exit 1 on any finding, or only on live ones (live needs --verify)")
      ->check(CLI::IsMember({"any", "live"}))
      ->capture_default_str()
      ->group(group);
}

void AddGlobalOptions(CLI::App& app, GlobalOptions& o) {
  AddOutputOptions(app, o);
  AddRuleOptions(app, o);
  AddConfigOptions(app, o);
  AddVerifyOptions(app, o);
  app.add_flag("-v,--verbose", o.verbose,
               "Explain on stderr what is being done (configuration, baseline, rules used)")
      ->group("Messages");
  app.add_flag("-q,--quiet", o.quiet,
               "No summary line, notices or progress line on stderr; errors are still printed")
      ->group("Messages");
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{kDescription, "keysweep"};
  // Before any subcommand is added: each copies its parent's formatter.
  app.formatter(std::make_shared<HelpFormatter>());
  app.footer(kFooter);
  app.set_version_flag(
      "--version", [] { return VersionText(); },
      "Print the versions of keysweep, Hyperscan and libgit2 and the rules digest");
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
