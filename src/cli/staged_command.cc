// `keysweep staged`: the pre-commit check. Scans what the next commit would add, as staged in
// the index, and reports only secrets that start on an added line. A commit that adds nothing
// (only deletions, or nothing staged) is clean: a hook must never block it.

#include <memory>
#include <string>

#include "cli/command_run.h"
#include "cli/commands.h"
#include "pipeline/repository_info.h"
#include "pipeline/source_scans.h"
#include "util/env.h"

namespace ks::cli {
namespace {

struct StagedArgs {
  std::string repo = ".";
};

// Inside a hook git names the index being committed, which for `git commit -a` or
// `git commit <paths>` is a temporary one rather than .git/index.
std::string IndexFileFromGit() { return Env::Default().GetVar("GIT_INDEX_FILE").value_or(""); }

int RunStaged(const GlobalOptions& opts, const StagedArgs& args) {
  auto run = CommandRun::Start(opts, RepoScanRoot(args.repo));
  if (!run.ok()) return ReportError(run.error());
  auto summary = ScanStaged((*run)->session(), args.repo, IndexFileFromGit());
  if (!summary.ok()) return ReportError(summary.error());
  return (*run)->Finish(*summary, /*nothing_scanned_is_error=*/false);
}

}  // namespace

void AddStagedCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<StagedArgs>();
  CLI::App* cmd = app.add_subcommand(
      "staged",
      "Scan the lines staged for the next commit (for a pre-commit hook)\n"
      "\n"
      "Compares the index with HEAD (an empty tree before the first commit) and reports only "
      "keys on the lines the commit adds, read from the index rather than the working tree, with "
      "the staged file's line numbers. A commit that adds nothing to scan exits 0. This is what "
      "the pre-commit hook installed by `keysweep install-hook` runs.");
  cmd->add_option("--repo", args->repo, "The repository (any directory inside it)")
      ->capture_default_str();
  cmd->footer(
      "Global options (see keysweep --help) may come before or after the command name.\n"
      "\n"
      "EXAMPLES\n"
      "  keysweep staged\n"
      "  keysweep staged --repo ~/src/app --format json\n"
      "  keysweep staged --baseline .keysweep-baseline.json");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunStaged(opts, *args); });
}

}  // namespace ks::cli
