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
  SourceOptions sopts{session.options().max_file_size, threads};
  sopts.on_total = [p = shown.get()](uint64_t files) { p->AddTotal(files); };
  sopts.on_item = [p = shown.get()](uint64_t bytes) { p->AddItem(bytes); };
  OrderedScan scan(session.db(), &session.diag(), session.scan_settings(), threads);
  scan.StreamTo(session.collector());
  sopts.on_done = [&scan](size_t seq) { scan.Done(seq); };
  FileSource source(std::move(sopts), &session.diag());
  source.Run(paths, scan.Visitor());
  shown->Stop();  // erased before the report and summary
  scan.Deliver(session.collector());
  Summary summary;
  AddSourceStats(source.stats(), &summary);
  return summary;
}

Result<Summary> ScanStaged(ScanSession& session, const std::string& repo_dir,
                           const std::string& index_file) {
  const SourceOptions sopts{session.options().max_file_size, WorkerThreads(0)};
  auto source = StagedSource::Open(repo_dir, index_file, sopts, &session.diag());
  if (!source.ok()) return source.error();
  OrderedScan scan(session.db(), &session.diag(), session.scan_settings(), sopts.threads);
  if (Status s = source->Run(scan.Visitor()); !s) return s.error();
  git::HeadInfo head = git::DescribeHead(source->repository());
  scan.Deliver(session.collector(), head.path);
  Summary summary;
  summary.files = false;
  AddSourceStats(source->stats(), &summary);
  DescribeRepository(std::move(head), &summary);
  return summary;
}

}  // namespace ks
