#include "pipeline/source_scans.h"

#include <utility>

#include "git/head.h"
#include "pipeline/ordered_scan.h"
#include "pipeline/repository_info.h"
#include "source/file_source.h"
#include "source/staged_source.h"

namespace ks {

Summary ScanFiles(ScanSession& session, const std::vector<std::string>& paths, size_t threads,
                  const ProgressFactory& progress) {
  threads = WorkerThreads(threads);
  auto shown = progress("files");
  FileSourceOptions fopts{session.options().max_file_size, threads};
  fopts.on_total = [p = shown.get()](uint64_t files) { p->AddTotal(files); };
  fopts.on_file = [p = shown.get()](uint64_t bytes) { p->AddItem(bytes); };
  FileSource source(std::move(fopts), &session.diag());
  OrderedScan scan(session.db(), &session.diag(), session.scan_settings(), threads);
  source.Run(paths,
             [&](size_t worker, size_t seq, const Blob& blob) { scan.Scan(worker, seq, blob); });
  shown->Stop();  // erased before the report and summary
  scan.Deliver(session.collector());
  Summary summary;
  summary.bytes_scanned = source.stats().bytes;
  summary.blobs_scanned = source.stats().files;
  summary.skipped = source.stats().skipped;
  return summary;
}

Result<Summary> ScanStaged(ScanSession& session, const std::string& repo_dir,
                           const std::string& index_file) {
  const size_t threads = WorkerThreads(0);
  auto source = StagedSource::Open(repo_dir, index_file, session.options().max_file_size, threads,
                                   &session.diag());
  if (!source.ok()) return source.error();
  OrderedScan scan(session.db(), &session.diag(), session.scan_settings(), threads);
  Status s = source->Run([&](const Blob& blob, const AddedLines& added, size_t worker, size_t seq) {
    scan.Scan(worker, seq, blob, [&](const Finding& f) { return added.Contains(f.line); });
  });
  if (!s) return s.error();
  git::HeadInfo head = git::DescribeHead(source->repository());
  scan.Deliver(session.collector(), head.path);
  Summary summary;
  summary.files = false;
  summary.bytes_scanned = source->stats().bytes;
  summary.blobs_scanned = source->stats().files;
  summary.skipped = source->stats().skipped;
  DescribeRepository(std::move(head), &summary);
  return summary;
}

}  // namespace ks
