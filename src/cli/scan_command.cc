// `keysweep scan PATH...`: files, directories and stdin ("-").
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/run.h"
#include "source/file_source.h"

namespace ks::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
};

int RunScan(const GlobalOptions& opts, const ScanArgs& args) {
  Run run;
  if (!run.Start(opts)) return kExitError;
  BlobScanner scanner(run.db(), &run.diag(), run.scan_settings());
  FileSource source(FileSourceOptions{opts.max_file_size}, &run.diag());
  std::vector<Finding> findings;
  source.Run(args.paths, [&](const Blob& blob) {
    scanner.Scan(blob, &findings);
    if (!findings.empty()) run.collector().Add(findings);
  });
  Summary summary;
  summary.bytes_scanned = source.stats().bytes;
  summary.blobs_scanned = source.stats().files;
  summary.skipped = source.stats().skipped;
  return run.Finish(summary, /*nothing_scanned_is_error=*/true);
}

}  // namespace

void AddScanCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd = app.add_subcommand("scan", "Scan files, directories, or stdin ('-')");
  cmd->add_option("paths", args->paths, "Files or directories; '-' reads stdin")->required();
  cmd->callback([&opts, args, exit_code] { *exit_code = RunScan(opts, *args); });
}

}  // namespace ks::cli
