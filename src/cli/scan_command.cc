// `keysweep scan PATH...`: files, directories and stdin ("-").
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/run.h"
#include "source/file_source.h"

namespace ks::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  size_t threads = 0;  // 0: one per hardware thread
};

// One scanner per worker; findings are kept by the file's position in walk order and handed to
// the collector in that order, so the report does not depend on thread timing.
class TreeScan {
 public:
  TreeScan(Run& run, size_t threads) {
    for (size_t i = 0; i < threads; ++i) {
      scanners_.push_back(
          std::make_unique<BlobScanner>(run.db(), &run.diag(), run.scan_settings()));
    }
  }

  void Visit(size_t worker, size_t seq, const Blob& blob) {
    std::vector<Finding> findings;
    scanners_[worker]->Scan(blob, &findings);
    if (findings.empty()) return;
    std::lock_guard lock(mu_);
    by_seq_.emplace(seq, std::move(findings));
  }

  void Deliver(FindingCollector& collector) {
    for (auto& [seq, findings] : by_seq_) collector.Add(findings);
  }

 private:
  std::vector<std::unique_ptr<BlobScanner>> scanners_;
  std::mutex mu_;
  std::map<size_t, std::vector<Finding>> by_seq_;
};

int RunScan(const GlobalOptions& opts, const ScanArgs& args) {
  Run run;
  if (!run.Start(opts)) return kExitError;
  const size_t threads =
      args.threads > 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  FileSource source(FileSourceOptions{opts.max_file_size, threads}, &run.diag());
  TreeScan scan(run, threads);
  source.Run(args.paths,
             [&](size_t worker, size_t seq, const Blob& blob) { scan.Visit(worker, seq, blob); });
  scan.Deliver(run.collector());
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
  cmd->add_option("--threads", args->threads, "Reader threads (default: one per CPU)");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunScan(opts, *args); });
}

}  // namespace ks::cli
