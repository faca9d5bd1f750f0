// `keysweep scan PATH...`: files, directories and stdin ("-").
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/run.h"
#include "config/scan_root.h"
#include "source/file_source.h"

namespace ks::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  size_t threads = 0;  // 0: one per hardware thread
};

int RunScan(const GlobalOptions& opts, const ScanArgs& args) {
  Run run;
  if (!run.Start(opts, config::ScanRootFor(args.paths))) return kExitError;
  const size_t threads = WorkerThreads(args.threads);
  FileSource source(FileSourceOptions{run.options().max_file_size, threads}, &run.diag());
  OrderedScan scan(run.db(), &run.diag(), run.scan_settings(), threads);
  source.Run(args.paths,
             [&](size_t worker, size_t seq, const Blob& blob) { scan.Scan(worker, seq, blob); });
  scan.Deliver(run.collector());
  Summary summary;
  summary.bytes_scanned = source.stats().bytes;
  summary.blobs_scanned = source.stats().files;
  summary.skipped = source.stats().skipped;
  return run.Finish(summary, /*nothing_scanned_is_error=*/true);
}

}  // namespace

int RunScanPaths(const GlobalOptions& opts, const std::vector<std::string>& paths, size_t threads) {
  return RunScan(opts, ScanArgs{paths, threads});
}

void AddScanCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd = app.add_subcommand("scan", "Scan files, directories, or stdin ('-')");
  cmd->add_option("paths", args->paths, "Files or directories; '-' reads stdin")->required();
  cmd->add_option("--threads", args->threads, "Reader threads (default: one per CPU)");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunScan(opts, *args); });
}

}  // namespace ks::cli
