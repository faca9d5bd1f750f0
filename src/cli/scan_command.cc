// `keysweep scan PATH...`: files, directories and stdin ("-").
#include <memory>
#include <string>
#include <vector>

#include "cli/command_run.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "config/scan_root.h"
#include "pipeline/source_scans.h"

namespace ks::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  size_t threads = 0;  // 0: one per hardware thread
};

int RunScan(const GlobalOptions& opts, const ScanArgs& args) {
  auto run = CommandRun::Start(opts, config::ScanRootFor(args.paths));
  if (!run.ok()) return ReportError(run.error());
  const Summary summary =
      ScanFiles((*run)->session(), args.paths, args.threads, StreamingProgressMaker(opts));
  return (*run)->Finish(summary, /*nothing_scanned_is_error=*/true);
}

}  // namespace

int RunScanPaths(const GlobalOptions& opts, const std::vector<std::string>& paths, size_t threads) {
  return RunScan(opts, ScanArgs{paths, threads});
}

void AddScanCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "scan",
      "Scan files, directories, or stdin ('-')\n"
      "\n"
      "Reads each file named and every regular file under each directory named, on every core. "
      "A directory walk skips .git, never follows a symbolic link (so it cannot leave the tree "
      "or loop) and scans binary files too; symbolic links named on the command line are "
      "followed. Files over --max-file-size are skipped, listed and make the exit code 2 (see "
      "--allow-skipped). The configuration is "
      ".keysweep.yaml at the root of the git working tree holding the first PATH (else that "
      "directory). On a terminal, a progress line on stderr shows the files done, bytes, rate "
      "and time left; it is erased before the report.");
  cmd->add_option("paths", args->paths, "Files or directories to scan; '-' reads standard input")
      ->required();
  cmd->add_option("--threads", args->threads, "Reader threads (default: one per CPU)");
  cmd->footer(
      "Global options (see keysweep --help) may come before or after the command name.\n"
      "\n"
      "EXAMPLES\n"
      "  keysweep scan .\n"
      "  keysweep scan --format json -o report.json src/ config/\n"
      "  kubectl get secrets -o yaml | keysweep scan -\n"
      "  keysweep scan . --baseline .keysweep-baseline.json --fail-on-severity high,critical");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunScan(opts, *args); });
}

}  // namespace ks::cli
