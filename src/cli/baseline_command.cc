// `keysweep baseline create|prune`: accept the findings a scan reports today, and later forget
// those that are gone.
//
//   baseline create [PATH...] -o FILE                       a working tree scan (default ".")
//   baseline create history [history options] -o FILE      a history scan
//   baseline prune [--baseline FILE] [PATH...]              re-scan, drop entries not found again
//   baseline prune [--baseline FILE] history [history options]
//
// Each runs the ordinary `scan` or `history` command with SessionOptions::baseline_action set, so
// every scan option, the configuration and the ignore files apply exactly as in a normal run;
// the run records fingerprints instead of reporting (cli/command_run.h).
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace ks::cli {
namespace {

struct PathArgs {
  std::vector<std::string> paths;
  size_t threads = 0;
};

void AddAction(CLI::App& baseline, const char* name, const char* help, BaselineAction action,
               GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<PathArgs>();
  CLI::App* cmd = baseline.add_subcommand(name, help);
  cmd->add_option("paths", args->paths, "Files or directories to scan (default: .)");
  cmd->add_option("--threads", args->threads, "Reader threads (default: one per CPU)");
  cmd->footer(
      "Give `history [history options]` instead of PATH... for a history scan (see keysweep "
      "history --help). Global options (see keysweep --help) apply as for the scan itself.");
  // Set before any nested command runs: they read it from the shared options.
  cmd->preparse_callback([&opts, action](size_t) { opts.session.baseline_action = action; });
  AddHistoryCommand(*cmd, opts, exit_code);
  const CLI::App* history = cmd->get_subcommand("history");
  cmd->callback([&opts, args, exit_code, history] {
    if (history->parsed()) return;  // it ran, as `baseline <action> history`
    const std::vector<std::string> paths =
        args->paths.empty() ? std::vector<std::string>{"."} : args->paths;
    *exit_code = RunScanPaths(opts, paths, args->threads);
  });
}

}  // namespace

void AddBaselineCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "baseline",
      "Accept today's findings by fingerprint, so that only new secrets fail a run\n"
      "\n"
      "A baseline lists content fingerprints (a hash of the rule and the secret), with the path "
      "and commit where each was first seen for reviewers, sorted and without line numbers or "
      "timestamps: moving code never changes it, and it holds no secrets. --baseline FILE (or "
      "baseline: in .keysweep.yaml) then drops the findings it lists, for scan, history and "
      "staged alike. The configuration, .gitleaksignore and inline markers still apply while a "
      "baseline is created; a baseline in use is not.");
  cmd->require_subcommand(1);
  cmd->footer(
      "EXAMPLES\n"
      "  keysweep baseline create -o .keysweep-baseline.json\n"
      "  keysweep baseline create history --repo . -o .keysweep-baseline.json\n"
      "  keysweep scan . --baseline .keysweep-baseline.json\n"
      "  keysweep baseline prune --baseline .keysweep-baseline.json history");
  AddAction(*cmd, "create",
            "Scan PATH... (default .), or `history [options]`, and write every finding's "
            "fingerprint to -o FILE (mode 0600)\n"
            "\n"
            "-o FILE is required: the baseline is written there, replacing the file, and no "
            "report is written. Nothing is written when the scan had errors.",
            BaselineAction::kCreate, opts, exit_code);
  AddAction(*cmd, "prune",
            "Scan again and drop the --baseline entries no longer found, rewriting the file\n"
            "\n"
            "Runs the same kind of scan without the baseline and rewrites --baseline FILE (or -o "
            "FILE) with only the entries still found, saying how many were dropped. Nothing is "
            "written when the scan had errors, so an unreadable file never costs an accepted "
            "entry.",
            BaselineAction::kPrune, opts, exit_code);
}

}  // namespace ks::cli
