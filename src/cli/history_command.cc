// `keysweep history [RANGE]`: every blob and commit message in a repository's history.
//
// Blobs are scanned once each, by id, on worker threads. Findings are held back until the scan
// ends, then attributed: each finding is reported at the commit(s) that introduced its secret,
// oldest first, up to --max-provenance per rule and secret. A finding whose blob no commit
// introduced (a lone dangling blob under --all-objects) keeps its blob id as path and has no
// commit.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/repo_list.h"
#include "cli/run.h"
#include "engine/db_loader.h"
#include "git/commit.h"
#include "git/head.h"
#include "git/mirror.h"
#include "git/oid_set.h"
#include "git/repository.h"
#include "report/text_reporter.h"
#include "history/history_source.h"
#include "history/history_state.h"
#include "util/memory.h"

namespace ks::cli {
namespace {

struct HistoryArgs {
  std::vector<std::string> repos;  // --repo, repeatable; none: "."
  std::string repos_from;          // --repos-from FILE
  std::string shard;               // --shard K/N
  std::string cache_dir;           // where clone URLs are mirrored
  std::string range;               // "A..B", or one revision
  std::string since;
  std::string branch;
  bool all_objects = false;
  size_t threads = 0;  // 0: one per hardware thread
  size_t max_provenance = 1;
  std::string state;  // --state FILE: incremental re-scans
};

// A finding plus the commit time used to order introductions; unattributed ones sort last.
struct Candidate {
  Finding finding;
  int64_t time = std::numeric_limits<int64_t>::max();
  uint64_t generation = 0;
};

Status AddRange(const std::string& range, HistoryOptions* h) {
  const size_t dots = range.find("..");
  if (dots == std::string::npos) {
    h->include.push_back(range);
    return {};
  }
  if (range.find("...") != std::string::npos) {
    return MakeError(ErrorKind::kUsage, "symmetric ranges (A...B) are not supported; use A..B");
  }
  const std::string from = range.substr(0, dots), to = range.substr(dots + 2);
  h->exclude.push_back(from.empty() ? "HEAD" : from);
  h->include.push_back(to.empty() ? "HEAD" : to);
  return {};
}

Result<HistoryOptions> MakeHistoryOptions(const GlobalOptions& opts, const HistoryArgs& args) {
  HistoryOptions h;
  h.all_objects = args.all_objects;
  h.max_file_size = opts.max_file_size;
  h.threads = WorkerThreads(args.threads);
  if (!args.range.empty() && !args.branch.empty()) {
    return MakeError(ErrorKind::kUsage, "give either a range or --branch, not both");
  }
  if (!args.range.empty()) {
    if (Status s = AddRange(args.range, &h); !s) return s.error();
  }
  if (!args.branch.empty()) h.include.push_back(args.branch);
  if (!args.since.empty()) h.exclude.push_back(args.since);
  if (h.all_objects && !h.exclude.empty()) {
    return MakeError(ErrorKind::kUsage, "--all-objects scans everything; it takes no range");
  }
  return h;
}

void SetCommit(Finding* f, const CommitInfo& c) {
  f->commit = c.id;
  f->author = c.author;
  f->email = c.email;
  f->date = c.date;
}

std::vector<std::string> BlobIds(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const Finding& f : findings) {
    if (f.blob) ids.push_back(*f.blob);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// One candidate per introduction of the finding's blob; the finding itself when it has none.
void Expand(const Finding& f,
            const std::unordered_map<std::string, std::vector<Introduction>>& intros,
            std::vector<Candidate>* out) {
  auto it = f.blob ? intros.find(*f.blob) : intros.end();
  if (it == intros.end()) return out->push_back(Candidate{f});
  for (const Introduction& in : it->second) {
    Candidate c{f, in.commit.time, in.commit.generation};
    c.finding.path = in.path;
    SetCommit(&c.finding, in.commit);
    out->push_back(std::move(c));
  }
}

auto GroupKey(const Candidate& c) { return std::tie(c.finding.rule, c.finding.secret); }

auto OrderKey(const Candidate& c) {
  const Finding& f = c.finding;
  return std::tie(c.time, c.generation, f.commit, f.path, f.line, f.column, f.rule);
}

// Per rule and secret, the `max` oldest distinct (commit, path) introductions (0: all).
std::vector<Finding> SelectProvenance(std::vector<Candidate> all, size_t max) {
  std::sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {
    return std::tuple_cat(GroupKey(a), OrderKey(a)) < std::tuple_cat(GroupKey(b), OrderKey(b));
  });
  std::vector<Candidate> kept;
  size_t in_group = 0;
  for (Candidate& c : all) {
    const bool same_group = !kept.empty() && GroupKey(kept.back()) == GroupKey(c);
    if (!same_group) in_group = 0;
    const bool same_place = same_group && kept.back().finding.commit == c.finding.commit &&
                            kept.back().finding.path == c.finding.path;
    if (same_place || (max > 0 && in_group >= max)) continue;
    ++in_group;
    kept.push_back(std::move(c));
  }
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return OrderKey(a) < OrderKey(b); });
  std::vector<Finding> out;
  for (Candidate& c : kept) out.push_back(std::move(c.finding));
  return out;
}

// Findings by the id of the blob they were found in.
using FindingsByBlob = std::unordered_map<std::string, std::vector<Finding>>;

// Scanners and found findings: one set per worker thread, plus one for commit messages.
class HistoryScan {
 public:
  HistoryScan(Run& run, size_t threads, ScanSettings settings) {
    for (size_t i = 0; i < threads; ++i) {
      workers_.push_back(std::make_unique<BlobScanner>(run.db(), &run.diag(), settings));
    }
    found_.resize(threads);
    messages_ = std::make_unique<BlobScanner>(run.db(), &run.diag(), settings);
  }

  HistoryVisitors Visitors() {
    return HistoryVisitors{
        [this](const Blob& b, const CommitInfo& c) { OnMessage(b, c); },
        [this](const Blob& b, size_t w) { OnBlob(b, w); },
    };
  }

  // The findings of the blobs this scan read (not yet attributed: the path is the first seen).
  std::vector<Finding> BlobFindings() const {
    std::vector<Finding> out;
    for (const auto& f : found_) out.insert(out.end(), f.begin(), f.end());
    return out;
  }

  // Finds where `blob_findings` (this scan's BlobFindings()) were introduced; returns those
  // introductions by blob. `earlier` holds findings of blobs an earlier repository of the run read
  // (and this one therefore skipped): they are reported here too, wherever this repository
  // introduced them.
  std::unordered_map<std::string, std::vector<Introduction>> Attribute(
      HistorySource& source, const std::vector<Finding>& blob_findings, size_t max_provenance,
      const FindingsByBlob* earlier = nullptr) {
    std::vector<std::string> ids = BlobIds(blob_findings);
    if (earlier != nullptr) {
      for (const auto& [blob, findings] : *earlier) ids.push_back(blob);
    }
    if (ids.empty() && candidates_.empty()) return {};
    auto intros = source.Attribute(ids, max_provenance);
    for (Candidate& c : candidates_) c.generation = source.Generation(*c.finding.commit);
    for (const Finding& f : blob_findings) Expand(f, intros, &candidates_);
    if (earlier != nullptr) ExpandEarlier(*earlier, intros);
    return intros;
  }

  // Findings an earlier run (--state) recorded: their blobs and messages are read and scanned
  // again (the state holds no secret), at the introductions it recorded that still exist.
  // This run walked only new commits, so its generations start again from zero; shifting them
  // past the recorded ones keeps "older first" when commit times tie (a new commit is never an
  // ancestor of an old one).
  void Recall(const git::Repository& repo, const HistoryState& state, uint64_t generation_base) {
    for (Candidate& c : candidates_) c.generation += generation_base;
    for (const auto& [blob, intros] : state.finding_blobs) RecallBlob(repo, blob, intros);
    for (const CommitInfo& c : state.finding_messages) RecallMessage(repo, c);
  }

  // The commits whose messages produced findings in this run.
  std::vector<CommitInfo> MessageCommits() const { return message_commits_; }

  std::vector<Finding> Select(size_t max_provenance) {
    return SelectProvenance(std::move(candidates_), max_provenance);
  }

 private:
  void ExpandEarlier(const FindingsByBlob& earlier,
                     const std::unordered_map<std::string, std::vector<Introduction>>& intros) {
    for (const auto& [blob, findings] : earlier) {
      if (!intros.contains(blob)) continue;  // not in this repository's history
      for (const Finding& f : findings) Expand(f, intros, &candidates_);
    }
  }

  void RecallBlob(const git::Repository& repo, const std::string& blob,
                  const std::vector<Introduction>& intros) {
    std::unordered_map<std::string, std::vector<Introduction>> still;
    for (const Introduction& in : intros) {
      if (repo.FindCommit(in.commit.id)) still[blob].push_back(in);
    }
    const auto id = git::Oid::FromHex(blob);
    auto object = id && !still.empty() ? repo.Read(*id) : MakeError(ErrorKind::kInput, "");
    if (!object.ok()) return;
    messages_->Scan(Blob{object->data(), still[blob].front().path, SourceKind::kHistory, blob},
                    &scratch_);
    for (const Finding& f : scratch_) Expand(f, still, &candidates_);
  }

  void RecallMessage(const git::Repository& repo, const CommitInfo& c) {
    const auto id = repo.FindCommit(c.id);
    auto commit = id ? git::Commit::Lookup(repo, *id) : MakeError(ErrorKind::kInput, "");
    if (!commit.ok()) return;
    const std::string path = MessagePath(c.id);
    const size_t before = candidates_.size();
    OnMessage(Blob{commit->message(), path, SourceKind::kHistory, {}}, c);
    for (size_t i = before; i < candidates_.size(); ++i) candidates_[i].generation = c.generation;
  }

  void OnMessage(const Blob& b, const CommitInfo& c) {
    messages_->Scan(b, &scratch_);
    if (!scratch_.empty()) message_commits_.push_back(c);
    for (Finding& f : scratch_) {
      SetCommit(&f, c);
      candidates_.push_back(Candidate{std::move(f), c.time});
    }
  }

  void OnBlob(const Blob& b, size_t worker) {
    std::vector<Finding> found;
    workers_[worker]->Scan(b, &found);
    auto& dst = found_[worker];
    std::move(found.begin(), found.end(), std::back_inserter(dst));
  }

  std::vector<std::unique_ptr<BlobScanner>> workers_;
  std::vector<std::vector<Finding>> found_;  // per worker: no locking
  std::unique_ptr<BlobScanner> messages_;
  std::vector<Finding> scratch_;
  std::vector<Candidate> candidates_;
  std::vector<CommitInfo> message_commits_;
};

// Everything that changes what a history scan finds: a state made under another key is ignored.
std::string StateKey(const Run& run, const GlobalOptions& opts) {
  return fmt::format("rules={} examples={} max_file_size={}", run.db()->rules().digest(),
                     opts.include_examples, opts.max_file_size);
}

// The state a run starts from: empty for a first run or after the rules or settings changed.
Result<HistoryState> StartState(Run& run, const GlobalOptions& opts, const HistoryArgs& args) {
  if (!args.range.empty() || !args.since.empty() || !args.branch.empty() || args.all_objects) {
    return MakeError(ErrorKind::kUsage,
                     "--state re-scans a whole history; it takes no range, --since, --branch or "
                     "--all-objects");
  }
  bool older = false;
  auto state = LoadHistoryState(args.state, &older);
  if (!state.ok()) return state.error();
  if (older) run.diag().Notice(args.state + ": written by an older keysweep; scanning everything");
  if (state->tail.cut_short) {
    run.diag().Notice(args.state +
                      ": its last update was cut short; what it recorded is scanned again");
  }
  const std::string key = StateKey(run, opts);
  if (!state->key.empty() && state->key != key) {
    run.diag().Notice(args.state + ": made with other rules or settings; scanning everything");
    *state = HistoryState{};
  }
  state->changed = state->key != key || state->tail.cut_short;  // a save drops the cut tail
  state->key = key;
  return state;
}

// The state after this run: what it read and found, added to what the earlier runs did.
uint64_t NextGeneration(const HistoryState& state) {
  uint64_t max = 0;
  for (const auto& [blob, intros] : state.finding_blobs) {
    for (const Introduction& in : intros) max = std::max(max, in.commit.generation);
  }
  for (const CommitInfo& c : state.finding_messages) max = std::max(max, c.generation);
  return state.finding_blobs.empty() && state.finding_messages.empty() ? 0 : max + 1;
}

// The commits a state records as scanned: this run's tips and every earlier run's, each once.
std::vector<git::KnownCommit> KnownCommits(std::vector<git::KnownCommit> tips,
                                           std::vector<git::KnownCommit> earlier) {
  tips.insert(tips.end(), earlier.begin(), earlier.end());
  std::stable_sort(tips.begin(), tips.end());
  auto same = [](const auto& a, const auto& b) { return a.id == b.id; };
  tips.erase(std::unique(tips.begin(), tips.end(), same), tips.end());
  return tips;
}

void AdvanceState(HistoryState* state, HistorySource& source, uint64_t generation_base,
                  const std::unordered_map<std::string, std::vector<Introduction>>& intros,
                  const std::vector<CommitInfo>& message_commits) {
  auto commits = KnownCommits(source.CommitTips(), state->known_commits);
  auto peeled = git::Peelings(source.tips());
  state->changed |= commits != state->known_commits || peeled != state->peeled_refs ||
                    !source.scanned_blobs().empty() || !intros.empty();
  state->known_commits = std::move(commits);
  state->peeled_refs = std::move(peeled);
  state->new_blobs = source.scanned_blobs();
  for (const auto& [blob, list] : intros) {
    auto& kept = state->finding_blobs[blob];
    for (Introduction in : list) {
      in.commit.generation += generation_base;
      kept.push_back(std::move(in));
    }
  }
  for (CommitInfo c : message_commits) {
    if (c.generation == 0) c.generation = source.Generation(c.id) + generation_base;
    const bool known = std::any_of(state->finding_messages.begin(), state->finding_messages.end(),
                                   [&](const CommitInfo& k) { return k.id == c.id; });
    if (!known) state->finding_messages.push_back(c);
    state->changed |= !known;
  }
}

// What the repositories of one run share: each blob is read once, in the first repository that
// has it, and its findings are attributed again in every later repository that has it too.
struct SharedBlobs {
  git::OidSet scanned;
  FindingsByBlob findings;

  void Add(const HistorySource& source, const std::vector<Finding>& found) {
    for (const git::Oid& id : source.scanned_blobs()) scanned.insert(id);
    for (const Finding& f : found) findings[*f.blob].push_back(f);
  }
};

// The repositories of the run: --repo and --repos-from, each once, narrowed to --shard.
Result<std::vector<std::string>> RepoSpecs(const HistoryArgs& args) {
  std::vector<std::string> specs = args.repos;
  if (!args.repos_from.empty()) {
    auto listed = ReadRepoList(args.repos_from);
    if (!listed.ok()) return listed.error();
    specs.insert(specs.end(), listed->begin(), listed->end());
  }
  if (specs.empty()) specs.push_back(".");
  Shard shard;
  if (!args.shard.empty()) {
    auto parsed = ParseShard(args.shard);
    if (!parsed.ok()) return parsed.error();
    shard = *parsed;
  }
  return SelectRepos(std::move(specs), shard);
}

// Where to read a repository: the spec itself, or for a clone URL its mirror, fetched first.
Result<std::string> LocalPath(const std::string& spec, const HistoryArgs& args, bool verbose) {
  if (!git::IsCloneUrl(spec)) return spec;
  const std::string cache =
      args.cache_dir.empty() ? DefaultCacheDir() + "/mirrors" : args.cache_dir;
  if (verbose) std::cerr << "keysweep: mirroring " << TerminalSafe(spec) << " in " << cache << "\n";
  auto mirror = git::UpdateMirror(spec, cache);
  if (!mirror.ok()) return mirror.error();
  return mirror->git_dir;
}

void AddStats(const HistoryStats& stats, Summary* summary) {
  summary->bytes_scanned += stats.bytes;
  summary->blobs_scanned += stats.blobs;
  summary->commits_scanned += stats.commits;
  summary->skipped += stats.skipped;
}

// Wall time per phase of a repository's scan, for --verbose: says where a slow scan spends it.
class PhaseClock {
 public:
  void Lap(std::string_view phase) {
    const auto now = std::chrono::steady_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count();
    laps_ += fmt::format("keysweep: {}: {} ms (peak memory so far {} MiB)\n", phase, ms,
                         PeakResidentBytes() >> 20);
    last_ = now;
  }
  // The laps since the last report.
  std::string Report() { return std::exchange(laps_, {}); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::string laps_;
};

// One repository of the run, scanned into the run's collector.
class RepositoryScan {
 public:
  RepositoryScan(Run& run, const HistoryArgs& args, HistoryOptions hopts)
      : run_(run), args_(args), hopts_(std::move(hopts)) {}

  // `shared` is null for a run of one repository; then --state may be used.
  Status Scan(const std::string& spec, SharedBlobs* shared, Summary* summary) {
    auto path = LocalPath(spec, args_, run_.options().verbose);
    if (!path.ok()) return path.error();
    hopts_.repo = *path;
    std::optional<HistoryState> state;
    if (Status s = PrepareState(shared, &state); !s) return s;
    const size_t threads = hopts_.threads;
    Progress progress(ProgressFor(run_.options(), "blobs"));
    hopts_.on_commit = [&progress] { progress.AddCommit(); };
    PhaseClock clock;
    hopts_.on_total = [&](uint64_t blobs) {
      progress.AddTotal(blobs);
      clock.Lap("walked commits and trees");
    };
    hopts_.on_blob = [&progress](uint64_t bytes) { progress.AddItem(bytes); };
    auto source = HistorySource::Open(hopts_, &run_.diag());
    if (!source.ok()) return source.error();
    git::HeadInfo head = git::DescribeHead(source->repository());
    const std::string label = git::IsCloneUrl(spec) ? spec : head.path;
    if (source->shallow()) {
      run_.diag().Notice(
          fmt::format("{}: shallow clone: history before the shallow boundary is not here to scan",
                      TerminalSafe(label)));
    }
    HistoryScan scan(run_, threads, run_.scan_settings());
    const Status ran = source->Run(scan.Visitors());
    progress.Stop();  // erased before anything else is printed
    if (!ran) return ran;
    clock.Lap("read and scanned blobs");
    if (run_.options().verbose) std::cerr << clock.Report();
    const std::vector<Finding> found = scan.BlobFindings();
    const auto intros =
        scan.Attribute(*source, found, args_.max_provenance, shared ? &shared->findings : nullptr);
    clock.Lap("attributed findings to commits");
    if (run_.options().verbose) std::cerr << clock.Report();
    if (state) {
      if (Status s = SaveState(scan, *source, intros, &*state); !s) return s;
    }
    std::vector<Finding> findings = scan.Select(args_.max_provenance);
    for (Finding& f : findings) f.repository = label;
    if (!findings.empty()) run_.collector().Add(findings);
    if (shared) shared->Add(*source, found);
    AddStats(source->stats(), summary);
    if (!shared) DescribeRepository(std::move(head), summary);
    return {};
  }

 private:
  Status PrepareState(const SharedBlobs* shared, std::optional<HistoryState>* state) {
    hopts_.record_scanned = shared != nullptr || !args_.state.empty();
    if (shared) {
      hopts_.known_blob = [set = &shared->scanned](const git::Oid& id) {
        return set->contains(id);
      };
      return {};
    }
    if (args_.state.empty()) return {};
    auto started = StartState(run_, run_.options(), args_);
    if (!started.ok()) return started.error();
    *state = std::move(started).value();
    const HistoryState& known = **state;
    hopts_.known_commits = known.known_commits;
    hopts_.known_tips = known.peeled_refs;
    hopts_.known_blob = [&known](const git::Oid& id) { return known.KnowsBlob(id); };
    return {};
  }

  Status SaveState(HistoryScan& scan, HistorySource& source,
                   const std::unordered_map<std::string, std::vector<Introduction>>& intros,
                   HistoryState* state) {
    const uint64_t base = NextGeneration(*state);
    const std::vector<CommitInfo> new_messages = scan.MessageCommits();
    scan.Recall(source.repository(), *state, base);
    AdvanceState(state, source, base, intros, new_messages);
    // Unchanged (a re-scan that found nothing new): the file already says all of it.
    return state->changed ? SaveHistoryState(args_.state, *state) : Status{};
  }

  Run& run_;
  const HistoryArgs& args_;
  HistoryOptions hopts_;
};

// The configuration comes from the repository's working tree only when the run reads one local
// repository; several repositories, or a mirror, take it from --config alone.
config::ScanRoot ConfigRoot(const std::vector<std::string>& specs) {
  if (specs.size() != 1 || git::IsCloneUrl(specs.front())) return {};
  return RepoScanRoot(specs.front());
}

int RunHistory(const GlobalOptions& opts, const HistoryArgs& args) {
  auto hopts = MakeHistoryOptions(opts, args);
  if (!hopts.ok()) return ReportError(hopts.error());
  auto specs = RepoSpecs(args);
  if (!specs.ok()) return ReportError(specs.error());
  if (specs->size() > 1 && !args.state.empty()) {
    return ReportError(MakeError(ErrorKind::kUsage, "--state takes one repository"));
  }
  Run run;
  if (!run.Start(opts, ConfigRoot(*specs))) return kExitError;
  hopts->max_file_size = run.options().max_file_size;  // the configuration may set it
  Summary summary;
  summary.files = false;
  if (specs->size() == 1) {
    Status s = RepositoryScan(run, args, *hopts).Scan(specs->front(), nullptr, &summary);
    if (!s) return ReportError(s.error());
    return run.Finish(summary, /*nothing_scanned_is_error=*/false);
  }
  if (specs->empty()) run.diag().Notice("no repository of the list falls in shard " + args.shard);
  SharedBlobs shared;
  for (const std::string& spec : *specs) {
    Status s = RepositoryScan(run, args, *hopts).Scan(spec, &shared, &summary);
    // One repository that cannot be read fails the run (exit 2) but not the others' scans.
    if (!s) run.diag().Error(fmt::format("{}: {}", TerminalSafe(spec), s.error().message));
  }
  return run.Finish(summary, /*nothing_scanned_is_error=*/false);
}

}  // namespace

void AddHistoryCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "history",
      "Scan every blob and commit message in a repository's history, once each\n"
      "\n"
      "Reads every blob reachable from any reference (branches, tags, remote-tracking branches, "
      "the stash, HEAD) exactly once, deduplicated by blob id, so deleted files, rewritten lines "
      "and unmerged branches are covered, and scans every commit message (reported at path "
      "commit:<id>). Each finding names the commit that introduced it, with its author and "
      "date. Only libgit2 reads the repository: no git process, hook, filter or textconv ever "
      "runs. Bare repositories, linked worktrees and shallow clones work. Several repositories "
      "(--repo repeated, --repos-from) are scanned in one run, a blob they share only once, and "
      "every finding names its repository. On a terminal, a progress line on stderr shows the "
      "commits walked, then the blobs read out of those to read, bytes, rate and time left; it "
      "is erased before the report.");
  cmd->add_option("range", args->range,
                  "Only what commits in A..B introduced (or everything reachable from one REV)");
  cmd->add_option("--repo", args->repos,
                  "A repository: any directory inside it, or a clone URL, mirrored into the "
                  "cache and fetched on later runs (repeatable; default: .)")
      ->allow_extra_args(false)  // one value per --repo: a range after it stays the range
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--repos-from", args->repos_from,
                  "Also the repositories in FILE, one path or clone URL per line");
  cmd->add_option("--shard", args->shard,
                  "Only shard K of N (K/N, 1-based) of the repository list, chosen by a hash of "
                  "each entry");
  cmd->add_option("--cache-dir", args->cache_dir,
                  "Where clone URLs are mirrored (default: $KEYSWEEP_CACHE_DIR/mirrors, else "
                  "~/.cache/keysweep/mirrors)");
  cmd->add_option("--since", args->since, "Only what commits after REV introduced");
  cmd->add_option("--branch", args->branch, "Only the history of REF instead of every ref");
  cmd->add_flag("--all-objects", args->all_objects,
                "Also every object no ref reaches (dangling commits and blobs)");
  cmd->add_option("--threads", args->threads, "Reader threads (default: one per CPU)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--state", args->state,
                  "Remember what was scanned in FILE; later runs read only new blobs and still "
                  "report every finding");
  cmd->add_option("--max-provenance", args->max_provenance,
                  "Report a secret at up to N commits that introduced it (0: all)")
      ->capture_default_str();
  cmd->footer(
      "Global options (see keysweep --help) may come before or after the command name.\n"
      "\n"
      "EXAMPLES\n"
      "  keysweep history\n"
      "  keysweep history origin/main..HEAD --format sarif -o keysweep.sarif\n"
      "  keysweep history --all-objects --verify --format json -o report.json\n"
      "  keysweep history --state ci/keysweep.state --format jsonl     (nightly)\n"
      "  keysweep history --repos-from repos.txt --shard 2/8 --format jsonl");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunHistory(opts, *args); });
}

}  // namespace ks::cli
