// `keysweep staged`: the pre-commit check. Scans what the next commit would add, as staged in
// the index, and reports only secrets that start on an added line. A commit that adds nothing
// (only deletions, or nothing staged) is clean: a hook must never block it.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/run.h"
#include "source/staged_source.h"

namespace ks::cli {
namespace {

struct StagedArgs {
  std::string repo = ".";
};

void KeepAdded(const AddedLines& added, std::vector<Finding>* findings) {
  std::erase_if(*findings, [&](const Finding& f) { return !added.Contains(f.line); });
}

// Inside a hook git names the index being committed, which for `git commit -a` or
// `git commit <paths>` is a temporary one rather than .git/index.
std::string IndexFileFromGit() {
  const char* env = std::getenv("GIT_INDEX_FILE");
  return env ? env : "";
}

// One scanner per worker; findings are delivered in path order, whatever the threads did.
class StagedScan {
 public:
  StagedScan(Run& run, size_t threads) {
    for (size_t i = 0; i < threads; ++i) {
      scanners_.push_back(
          std::make_unique<BlobScanner>(run.db(), &run.diag(), run.scan_settings()));
    }
  }

  void Visit(const Blob& blob, const AddedLines& added, size_t worker, size_t seq) {
    std::vector<Finding> findings;
    scanners_[worker]->Scan(blob, &findings);
    KeepAdded(added, &findings);
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

int RunStaged(const GlobalOptions& opts, const StagedArgs& args) {
  Run run;
  if (!run.Start(opts)) return kExitError;
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  auto source =
      StagedSource::Open(args.repo, IndexFileFromGit(), opts.max_file_size, threads, &run.diag());
  if (!source.ok()) return ReportError(source.error());
  StagedScan scan(run, threads);
  Status s = source->Run([&](const Blob& blob, const AddedLines& added, size_t worker, size_t seq) {
    scan.Visit(blob, added, worker, seq);
  });
  if (!s) return ReportError(s.error());
  scan.Deliver(run.collector());
  Summary summary;
  summary.files = false;
  summary.bytes_scanned = source->stats().bytes;
  summary.blobs_scanned = source->stats().files;
  summary.skipped = source->stats().skipped;
  return run.Finish(summary, /*nothing_scanned_is_error=*/false);
}

}  // namespace

void AddStagedCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<StagedArgs>();
  CLI::App* cmd = app.add_subcommand(
      "staged", "Scan the lines staged for the next commit (for a pre-commit hook)");
  cmd->add_option("--repo", args->repo, "The repository (any directory inside it)")
      ->capture_default_str();
  cmd->callback([&opts, args, exit_code] { *exit_code = RunStaged(opts, *args); });
}

}  // namespace ks::cli
