#include "pipeline/repository_scan.h"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <utility>

#include "git/head.h"
#include "git/mirror.h"
#include "history/state_update.h"
#include "pipeline/base_tree.h"
#include "pipeline/config_changes.h"
#include "pipeline/repository_info.h"
#include "util/memory.h"

namespace ks {
namespace {

// Where to read a repository: the spec itself, or for a clone URL its mirror, fetched first.
Result<std::string> LocalPath(const std::string& spec, const std::string& cache_dir,
                              ScanSession& session) {
  if (!git::IsCloneUrl(spec)) return spec;
  const std::string cache = cache_dir.empty() ? session.env().CacheDir() + "/mirrors" : cache_dir;
  session.diag().Info(fmt::format("mirroring {} in {}", spec, cache));
  auto mirror = git::UpdateMirror(spec, cache);
  if (!mirror.ok()) return mirror.error();
  return mirror->git_dir;
}

// Wall time per phase of a repository's scan, for a verbose run: says where a slow scan spends
// it. Laps are held until Report(), so that none is printed across the progress line.
class PhaseClock {
 public:
  void Lap(std::string_view phase) {
    const auto now = std::chrono::steady_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count();
    laps_.push_back(
        fmt::format("{}: {} ms (peak memory so far {} MiB)", phase, ms, PeakResidentBytes() >> 20));
    last_ = now;
  }
  void Report(Diagnostics* diag) {
    for (const std::string& lap : laps_) diag->Info(lap);
    laps_.clear();
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<std::string> laps_;
};

// One repository of the run, scanned into the session's collector.
class RepositoryScan {
 public:
  RepositoryScan(ScanSession& session, const HistoryRunOptions& opts)
      : session_(session), opts_(opts), hopts_(opts.source) {}

  // `shared` is null for a run of one repository; then --state may be used.
  Status Scan(const std::string& spec, SharedBlobs* shared, Summary* summary);

 private:
  Status PrepareState(const SharedBlobs* shared);
  void WatchProgress(ProgressObserver* progress, PhaseClock* clock);
  void NoticeShallow(const HistorySource& source, const std::string& label);
  Status Finish(HistoryScan& scan, HistorySource& source, const std::string& label,
                SharedBlobs* shared, PhaseClock& clock);
  Status SaveState(HistoryScan& scan, HistorySource& source, const IntroductionsByBlob& intros);

  ScanSession& session_;
  const HistoryRunOptions& opts_;
  HistoryOptions hopts_;
  std::optional<HistoryState> state_;
};

Status RepositoryScan::Scan(const std::string& spec, SharedBlobs* shared, Summary* summary) {
  auto path = LocalPath(spec, opts_.cache_dir, session_);
  if (!path.ok()) return path.error();
  hopts_.repo = *path;
  if (Status s = PrepareState(shared); !s) return s;
  auto progress = opts_.progress("blobs");
  PhaseClock clock;
  WatchProgress(progress.get(), &clock);
  auto source = HistorySource::Open(hopts_, &session_.diag());
  if (!source.ok()) return source.error();
  git::HeadInfo head = git::DescribeHead(source->repository());
  const std::string label = git::IsCloneUrl(spec) ? spec : head.path;
  NoticeShallow(*source, label);
  HistoryScan scan(session_.db(), &session_.diag(), hopts_.threads, session_.scan_settings());
  const Status ran = source->Run(scan.Visitors());
  progress->Stop();  // erased before anything else is printed
  if (!ran) return ran;
  clock.Lap("read and scanned blobs");
  if (Status s = Finish(scan, *source, label, shared, clock); !s) return s;
  AddSourceStats(source->stats(), summary);
  if (!shared) DescribeRepository(std::move(head), summary);
  return {};
}

void RepositoryScan::WatchProgress(ProgressObserver* progress, PhaseClock* clock) {
  hopts_.on_commit = [progress] { progress->AddCommit(); };
  hopts_.on_total = [progress, clock](uint64_t blobs) {
    progress->AddTotal(blobs);
    clock->Lap("walked commits and trees");
  };
  hopts_.on_item = [progress](uint64_t bytes) { progress->AddItem(bytes); };
}

void RepositoryScan::NoticeShallow(const HistorySource& source, const std::string& label) {
  if (!source.shallow()) return;
  session_.diag().Notice(fmt::format(
      "{}: shallow clone: history before the shallow boundary is not here to scan", label));
}

// Attribution, the state, and the findings into the collector.
Status RepositoryScan::Finish(HistoryScan& scan, HistorySource& source, const std::string& label,
                              SharedBlobs* shared, PhaseClock& clock) {
  clock.Report(&session_.diag());
  const std::vector<Finding> found = scan.BlobFindings();
  const IntroductionsByBlob& intros =
      scan.Attribute(source, found, opts_.max_provenance, shared ? &shared->findings : nullptr);
  clock.Lap("attributed findings to commits");
  clock.Report(&session_.diag());
  if (state_) {
    if (Status s = SaveState(scan, source, intros); !s) return s;
  }
  scan.Report(opts_.max_provenance, label, session_.collector());
  std::vector<Finding> changed = ConfigChanges(source, session_.settings_paths(), label);
  if (!changed.empty()) session_.collector().Add(changed);
  if (shared) shared->Add(source, found);
  return {};
}

Status RepositoryScan::PrepareState(const SharedBlobs* shared) {
  hopts_.record_scanned = shared != nullptr || !opts_.state.empty();
  if (shared) {
    hopts_.known_blob = [set = &shared->scanned](const git::Oid& id) { return set->contains(id); };
    return {};
  }
  if (opts_.state.empty()) return {};
  const SessionOptions& o = session_.options();
  auto started = StartState(
      opts_.state, StateKey(session_.db()->rules().digest(), o.include_examples, o.max_file_size),
      &session_.diag());
  if (!started.ok()) return started.error();
  state_ = std::move(started).value();
  const HistoryState& known = *state_;
  hopts_.known_commits = known.known_commits;
  hopts_.known_tips = known.peeled_refs;
  hopts_.known_blob = [&known](const git::Oid& id) { return known.KnowsBlob(id); };
  return {};
}

Status RepositoryScan::SaveState(HistoryScan& scan, HistorySource& source,
                                 const IntroductionsByBlob& intros) {
  const uint64_t base = NextGeneration(*state_);
  const std::vector<CommitInfo> new_messages = scan.MessageCommits();
  scan.Recall(source.repository(), *state_, base);
  AdvanceState(&*state_, source, base, intros, new_messages);
  // Unchanged (a re-scan that found nothing new): the file already says all of it.
  return state_->changed ? SaveHistoryState(opts_.state, *state_) : Status{};
}

}  // namespace

void SharedBlobs::Add(const HistorySource& source, const std::vector<Finding>& found) {
  for (const git::Oid& id : source.scanned_blobs()) scanned.insert(id);
  for (const Finding& f : found) findings[*f.blob].push_back(f);
}

Status ScanRepositories(ScanSession& session, const std::vector<std::string>& specs,
                        HistoryRunOptions opts, Summary* summary) {
  opts.source.max_file_size = session.options().max_file_size;  // the configuration may set it
  if (specs.size() == 1) return RepositoryScan(session, opts).Scan(specs.front(), nullptr, summary);
  SharedBlobs shared;
  for (const std::string& spec : specs) {
    Status s = RepositoryScan(session, opts).Scan(spec, &shared, summary);
    // One repository that cannot be read fails the run (exit 2) but not the others' scans.
    if (!s) session.diag().Error(fmt::format("{}: {}", spec, s.error().message));
  }
  return {};
}

config::ScanRoot HistoryConfigRoot(const std::vector<std::string>& specs,
                                   const std::vector<std::string>& exclude) {
  if (specs.size() != 1 || git::IsCloneUrl(specs.front())) return {};
  config::ScanRoot root = RepoScanRoot(specs.front());
  if (exclude.empty()) return root;
  auto base = OpenBaseTree(specs.front(), RangeBase(exclude));
  root.dir.clear();  // never the working tree's files in a range
  if (base.ok()) root.committed = std::move(base).value();
  return root;
}

}  // namespace ks
