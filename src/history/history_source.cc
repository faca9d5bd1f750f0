#include "history/history_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "git/commit.h"
#include "git/commit_graph.h"
#include "git/pack_check.h"
#include "git/pack_order.h"
#include "git/tree_walk.h"
#include "source/object_content.h"
#include "util/memory.h"
#include "util/parallel_for.h"

namespace ks {
namespace {

// Blobs handed to a worker at a time: big enough that the shared counter is noise, small
// enough that work spreads evenly and the workers stay close together in the pack, where
// libgit2's (shared) delta-base cache still holds the bases they need.
constexpr size_t kChunkSize = 64;

}  // namespace

// The blobs to read, each once with one path, sorted in pack order before they are read. An
// entry names the introduction it came from (the table does not change while blobs are read) by
// its index in the table, so it costs 4 bytes and a done flag: on a repository of a million
// blobs that is 5 MB, where a pack position, an id pointer and a path view took 33. The pack
// positions live only while sorting. The few blobs that no commit introduced keep their own
// copies, named with kCopy set. Filled on one thread; once sorted, entries are read-only and safe
// to share, and each entry's `done` flag is written only by the reader that claimed the entry.
class HistorySource::BlobList {
 public:
  // `intros` must outlive the list and not change.
  explicit BlobList(const IntroductionTable& intros) : intros_(intros) {}

  void AddIntroduced(size_t index) { refs_.push_back(static_cast<uint32_t>(index)); }
  void AddCopy(const git::Oid& id, std::string_view path) {
    refs_.push_back(kCopy | static_cast<uint32_t>(copies_.size()));
    copies_.emplace_back(id, std::string(path));
  }

  // Pack order: each delta after its base, packs one after another, unpacked objects last.
  // PackOrder wants the ids sorted; most already are (the introductions' order). Before any
  // entry is marked done.
  void Sort(const git::PackOrder& order) {
    std::sort(refs_.begin(), refs_.end(), [this](uint32_t a, uint32_t b) { return Id(a) < Id(b); });
    std::vector<uint64_t> positions(refs_.size());
    {
      std::vector<const git::Oid*> ids(refs_.size());
      for (size_t i = 0; i < ids.size(); ++i) ids[i] = &Id(refs_[i]);
      order.Positions(ids, positions);
    }
    std::vector<std::pair<uint64_t, uint32_t>> keyed(refs_.size());
    for (size_t i = 0; i < keyed.size(); ++i) keyed[i] = {positions[i], refs_[i]};
    std::vector<uint64_t>().swap(positions);
    std::sort(keyed.begin(), keyed.end());
    for (size_t i = 0; i < keyed.size(); ++i) refs_[i] = keyed[i].second;
  }

  size_t size() const { return refs_.size(); }
  const git::Oid& id(size_t i) const { return Id(refs_[i]); }
  std::string_view path(size_t i) const {
    const uint32_t ref = refs_[i];
    if (ref & kCopy) return copies_[ref & ~kCopy].second;
    return intros_.path(intros_.entry(ref));
  }
  // Read (or skipped as too large): a later run with --state need not read it again.
  void MarkDone(size_t i) { done_[i] = 1; }
  bool done(size_t i) const { return done_[i] != 0; }
  // Call once every entry is added, before readers start.
  void Seal() { done_.assign(refs_.size(), 0); }

 private:
  static constexpr uint32_t kCopy = uint32_t{1} << 31;
  const git::Oid& Id(uint32_t ref) const {
    return (ref & kCopy) ? copies_[ref & ~kCopy].first : intros_.entry(ref).blob;
  }

  const IntroductionTable& intros_;
  std::vector<uint32_t> refs_;  // an index into intros_, or kCopy | an index into copies_
  std::vector<std::pair<git::Oid, std::string>> copies_;
  std::vector<uint8_t> done_;  // a byte each: readers on other threads write neighbours
};

// One per worker thread, each with a repository handle that no other thread uses meanwhile.
class HistorySource::BlobReader {
 public:
  // `repo` must outlive the reader, and no other thread may use it meanwhile.
  BlobReader(const git::Repository& repo, uint64_t max_size, Diagnostics* diag)
      : repo_(repo), max_size_(max_size), diag_(diag) {}

  // Reads and visits blobs [begin, end), one run the worker claimed.
  void ReadRun(BlobList& blobs, size_t begin, size_t end, const HistoryVisitors& visitors,
               size_t worker, const std::function<void(uint64_t)>& on_item) {
    for (size_t i = begin; i < end; ++i) {
      const uint64_t bytes = ReadOne(blobs, i, visitors, worker);
      if (on_item) on_item(bytes);
      TrimNow(bytes);
    }
  }

  SourceStats stats;

 private:
  // The header read is cheap next to inflating the blob, and it keeps an oversized blob out
  // of memory altogether. Returns the bytes read (0 when the blob was not read).
  uint64_t ReadOne(BlobList& blobs, size_t i, const HistoryVisitors& visitors, size_t worker) {
    const git::Oid& id = blobs.id(i);
    auto header = repo_.ReadHeader(id);
    if (!header.ok()) return Fail(header.error(), blobs.path(i)), 0;
    if (header->size > max_size_) {
      blobs.MarkDone(i);
      return Skip(id, blobs.path(i), header->size, SkipReason::kTooLarge), 0;
    }
    auto content = ObjectContent::Open(repo_, id, header->size);
    if (!content.ok()) return Fail(content.error(), blobs.path(i)), 0;  // a later run may retry
    blobs.MarkDone(i);
    if (auto why = content->skipped()) return Skip(id, blobs.path(i), header->size, *why), 0;
    const std::string hex = id.Hex();
    visitors.blob(content->blob(blobs.path(i), SourceKind::kHistory, hex), BlobContext{worker, i});
    ++stats.blobs;
    stats.bytes += header->size;
    return header->size;
  }

  // Blob buffers and delta bases are freed in another order than they were allocated, so the
  // arena they came from fills with free holes that stay resident: on git/git the readers'
  // arenas held about 50 MiB, mostly free. Handing the free pages back every kTrimBytes bytes
  // read keeps the arenas near what is live; on git/git it took peak memory from 178 to
  // 146 MiB at no measurable cost (5 interleaved runs).
  void TrimNow(uint64_t bytes) {
    constexpr uint64_t kTrimBytes = uint64_t{64} << 20;
    read_since_trim_ += bytes;
    if (read_since_trim_ < kTrimBytes) return;
    read_since_trim_ = 0;
    ReleaseFreedMemory();
  }

  void Fail(const Error& e, std::string_view path) {
    diag_->Error(fmt::format("{} (path '{}')", e.message, path));
  }

  void Skip(const git::Oid& id, std::string_view path, uint64_t size, SkipReason why) {
    ++stats.skipped;
    SkippedItem item{std::string(path), id.Hex(), size, why};
    diag_->Notice(DescribeSkipped(item, max_size_));
    stats.skipped_items.Add(std::move(item));
  }

  const git::Repository& repo_;
  uint64_t max_size_;
  Diagnostics* diag_;
  uint64_t read_since_trim_ = 0;
};

namespace {

// Passes each distinct message on once. The diff pass may meet an unreadable tree from several
// commits (as a commit's tree, then as its child's parent tree); one report is enough.
class OnceDiagnostics : public Diagnostics {
 public:
  explicit OnceDiagnostics(Diagnostics* out) : out_(out) {}

 protected:
  void OnNotice(const std::string& msg) override {
    if (First(msg)) out_->Notice(msg);
  }
  void OnError(const std::string& msg) override {
    if (First(msg)) out_->Error(msg);
  }

 private:
  bool First(const std::string& msg) {
    std::lock_guard lock(mu_);
    return seen_.insert(msg).second;
  }
  Diagnostics* out_;
  std::mutex mu_;
  std::unordered_set<std::string> seen_;
};

CommitInfo DescribeCommit(const git::Commit& c) {
  const git::Person a = c.author();
  return CommitInfo{c.id().Hex(), std::string(a.name), std::string(a.email), git::IsoUtc(a.time),
                    c.commit_time()};
}

// What one diff worker keeps between the runs of commits it claims: a finder over its own
// repository handle (with the trees it cached) and a vector reused for each commit's parents.
struct DiffWorker {
  DiffWorker(const git::Repository& repo, Diagnostics* diag, git::OidSet* trees)
      : finder(repo, diag) {
    if (trees != nullptr) finder.RecordTrees(trees);
  }
  git::IntroducedBlobs finder;
  std::vector<git::Oid> parent_trees;
};

bool IntroducedEarlier(const Introduction& a, const Introduction& b) {
  return std::tie(a.commit.time, a.commit.generation, a.commit.id, a.path) <
         std::tie(b.commit.time, b.commit.generation, b.commit.id, b.path);
}

}  // namespace

std::string MessagePath(std::string_view commit_id) { return fmt::format("commit:{}", commit_id); }

// The first step of Run(): walks the commits on the calling thread, scanning their messages and
// noting what the diff pass needs (tree ids) and what attribution will (parents, for the graph).
class HistorySource::CommitLister {
 public:
  CommitLister(HistorySource& src, const HistoryVisitors& visitors)
      : src_(src), visitors_(visitors), walk_(src.repo_, src.diag_) {}

  // The commits the tips reach, newest first.
  Walked Walk() {
    src_.PrepareWalk(walk_);
    return WalkPushed();
  }

  // The commits `dangling` reach that Walk() did not, newest first (--all-objects).
  Walked WalkDangling(const std::vector<git::Oid>& dangling) {
    for (const git::Oid& id : dangling) walk_.Push(id);
    return WalkPushed();
  }

  bool Seen(const git::Oid& commit) const { return walk_.Seen(commit); }

 private:
  Walked WalkPushed() {
    Walked walked{static_cast<uint32_t>(src_.graph_.size())};
    walk_.Run([&](const git::Commit& c) { Visit(c); });
    walked.end = static_cast<uint32_t>(src_.graph_.size());
    src_.stats_.commits = walk_.visited();
    src_.graph_.Link();
    for (const git::Oid& id : src_.graph_.BreakCycles()) {
      src_.diag_->Error(fmt::format(
          "cycle at {}: the commit is its own ancestor (a forged object); its history was read "
          "as if it began there",
          id.Hex()));
    }
    src_.ResolveOutsideTrees();
    return walked;
  }

  void Visit(const git::Commit& c) {
    const CommitInfo info = DescribeCommit(c);
    const std::string path = MessagePath(info.id);
    const uint64_t size = c.message_size();
    if (size > src_.opts_.max_file_size) {
      src_.SkipMessage(SkippedItem{path, info.id, size, SkipReason::kTooLarge});
    } else if (!c.message_streamed()) {
      visitors_.message(Blob{c.message(), path, SourceKind::kHistory, {}}, info);
      src_.stats_.bytes += size;
    } else if (auto stream = git::MessageStream::Open(src_.repo_, c); !stream.ok()) {
      src_.diag_->Error(fmt::format("{}: {}", path, stream.error().message));
    } else {
      visitors_.message(Blob{{}, path, SourceKind::kHistory, {}, &*stream}, info);
      src_.stats_.bytes += size;
    }
    if (src_.opts_.on_commit) src_.opts_.on_commit();
    src_.graph_.Add(c.id(), c.tree_id(), walk_.Parents(c));
  }

  HistorySource& src_;
  const HistoryVisitors& visitors_;
  git::CommitWalk walk_;
};

// Most parents were walked too, so their trees are in the graph; the others (excluded, or known
// from --state) are read once here.
void HistorySource::SkipMessage(SkippedItem item) {
  ++stats_.skipped;
  diag_->Notice(DescribeSkipped(item, opts_.max_file_size));
  stats_.skipped_items.Add(std::move(item));
}

void HistorySource::ResolveOutsideTrees() {
  const std::vector<git::Oid>& outside = graph_.outside();
  for (size_t k = outside_trees_.size(); k < outside.size(); ++k) {
    auto c = git::Commit::Lookup(repo_, outside[k]);
    outside_trees_.push_back(c.ok() ? c->tree_id() : git::Oid());
  }
}

void HistorySource::ParentTrees(uint32_t index, std::vector<git::Oid>* trees) const {
  trees->clear();
  for (const uint32_t link : graph_.parents(index)) {
    const git::Oid& tree = (link & git::CommitGraph::kOutside)
                               ? outside_trees_[link & ~git::CommitGraph::kOutside]
                               : graph_.tree(link);
    if (!(tree == git::Oid())) trees->push_back(tree);  // unreadable: left out
  }
}

HistorySource::HistorySource(HistoryOptions opts, git::Repository repo, Diagnostics* diag)
    : opts_(std::move(opts)), repo_(std::move(repo)), diag_(diag) {}

Result<HistorySource> HistorySource::Open(HistoryOptions opts, Diagnostics* diag) {
  auto repo = git::Repository::Discover(opts.repo);
  if (!repo.ok()) return std::move(repo).take_error();
  HistorySource src(std::move(opts), std::move(repo).value(), diag);
  // First, so that the errors for the objects a damaged pack held follow the reason.
  for (const std::string& damaged : git::DamagedPacks(src.repo_)) diag->Error(damaged);
  if (Status s = src.ResolveTips(); !s) return s.error();
  return src;
}

Status HistorySource::ResolveTips() {
  if (opts_.include.empty()) {
    tips_ = git::AllTips(repo_, diag_, opts_.known_tips);
    // Said outright, like an empty directory given to `scan`: "0 findings" would read as clean.
    if (tips_.empty() && !opts_.all_objects && !git::HasReferences(repo_)) {
      return MakeError(ErrorKind::kInput,
                       fmt::format("{}: nothing was scanned: the repository has no commits yet",
                                   repo_.git_dir()));
    }
  }
  for (const std::string& rev : opts_.include) {
    auto id = git::ResolveCommit(repo_, rev);
    if (!id.ok()) return id.error();
    tips_.push_back(git::Tip{*id, git::ObjectType::kCommit});
  }
  for (const std::string& rev : opts_.exclude) {
    auto id = git::ResolveCommit(repo_, rev);
    if (!id.ok()) return id.error();
    excluded_.push_back(*id);
  }
  return {};
}

std::vector<git::KnownCommit> HistorySource::CommitTips() const {
  std::vector<git::KnownCommit> tips;
  auto add = [&](const git::Oid& id) {
    const auto& known = opts_.known_commits;
    const auto it = std::lower_bound(known.begin(), known.end(), git::KnownCommit{id});
    if (it != known.end() && it->id == id) return tips.push_back(*it);
    if (auto c = git::Commit::Lookup(repo_, id); c.ok()) tips.push_back({id, c->commit_time()});
  };
  for (const git::Tip& t : tips_) {
    if (t.type == git::ObjectType::kCommit) add(t.id);
  }
  for (const git::Oid& id : dangling_commits_) add(id);
  return tips;
}

void HistorySource::PrepareWalk(git::CommitWalk& walk) const {
  for (const git::Oid& id : excluded_) walk.Hide(id);
  for (const git::KnownCommit& known : opts_.known_commits) walk.HideKnown(known);
  for (const git::Tip& t : tips_) {
    if (t.type == git::ObjectType::kCommit) walk.Push(t.id);
  }
}

Status HistorySource::Run(const HistoryVisitors& visitors) {
  {  // the walk's state and the tree sets are not needed while blobs are read
    // 128 MiB: on git/git the walk and diff took 7.3 s with the default 32, 4.6 s with 64 and
    // 4.0-4.4 s with 128 or 256 (16 MiB windows; 8 or 32 MiB ones were no better).
    const git::PackMappingScope mapping(size_t{128} << 20);
    std::optional<CommitLister> lister(std::in_place, *this, visitors);
    OnceDiagnostics once(diag_);  // shared by both batches: they may meet the same tree
    // per diff worker: the trees it walked into
    std::vector<git::OidSet> trees(std::max<size_t>(1, opts_.threads));
    const Walked walked = lister->Walk();
    // The walk's sets (40-80 bytes a commit) are needed again only to walk dangling commits.
    if (!opts_.all_objects) lister.reset();
    Diff(walked, &once, opts_.all_objects ? &trees : nullptr);
    if (opts_.all_objects) {
      Diff(lister->WalkDangling(FindUnreached(*lister, trees)), &once, nullptr);
    }
  }
  ReleaseFreedMemory();  // the diff workers' tree caches, before the readers' buffers pile on
  BlobList blobs(introductions_);
  CollectBlobs(blobs);
  // Reading the pack indexes costs more than a re-scan with --state that finds a few new blobs,
  // and the order matters only once deltas come in runs.
  if (blobs.size() > kChunkSize) blobs.Sort(git::PackOrder::Open(repo_));
  blobs.Seal();
  if (opts_.on_total) opts_.on_total(blobs.size());
  ReadBlobs(blobs, visitors);
  return {};
}

void HistorySource::ReadBlobs(BlobList& blobs, const HistoryVisitors& visitors) {
  WorkerRepositories repos = OpenWorkers(blobs.size(), kChunkSize);
  std::vector<BlobReader> readers;
  for (const git::Repository* repo : repos.handles) {
    readers.emplace_back(*repo, opts_.max_file_size, diag_);
  }
  // Runs of blobs are claimed in pack order, so the readers move through the packs together.
  ParallelFor(readers.size(), blobs.size(), kChunkSize, [&](size_t w, size_t begin, size_t end) {
    readers[w].ReadRun(blobs, begin, end, visitors, w, opts_.on_item);
  });
  if (opts_.record_scanned) RecordScanned(blobs);
  for (const BlobReader& r : readers) {
    stats_.blobs += r.stats.blobs;
    stats_.bytes += r.stats.bytes;
    stats_.skipped += r.stats.skipped;
    stats_.skipped_items.Merge(r.stats.skipped_items);
  }
}

void HistorySource::RecordScanned(const BlobList& blobs) {
  size_t done = 0;
  for (size_t i = 0; i < blobs.size(); ++i) done += blobs.done(i) ? 1 : 0;
  scanned_.reserve(done);  // exactly: growing by doubling could hold twice the list
  for (size_t i = 0; i < blobs.size(); ++i) {
    if (blobs.done(i)) scanned_.push_back(blobs.id(i));
  }
}

// Opening a handle reads the configuration and lists the packs; a range of one commit used to
// open four for nothing (`history C^..C` on git/git: 8.35 -> 7.50 ms with one).
HistorySource::WorkerRepositories HistorySource::OpenWorkers(size_t items, size_t chunk) const {
  const size_t most = std::max<size_t>(1, opts_.threads);
  const size_t wanted = std::clamp<size_t>((items + chunk - 1) / chunk, 1, most);
  WorkerRepositories repos;
  if (wanted == 1) {
    repos.handles.push_back(&repo_);
    return repos;
  }
  for (size_t i = 0; i < wanted; ++i) {
    auto repo = git::Repository::OpenGitDir(repo_.git_dir());
    if (!repo.ok()) break;
    repos.own.push_back(std::move(repo).value());
  }
  for (const git::Repository& r : repos.own) repos.handles.push_back(&r);
  if (repos.handles.empty()) repos.handles.push_back(&repo_);
  return repos;
}

// Diffs a batch of walked commits (see FindIntroductions) and adds their introductions.
void HistorySource::Diff(Walked commits, Diagnostics* diag, std::vector<git::OidSet>* trees) {
  introductions_.Add(FindIntroductions(commits, diag, trees));
}

// For --all-objects: the objects no walked commit reaches, sorted out by type. Dangling commits
// are returned, to be walked like tips (their trees give blobs real paths); lone blobs are kept
// in lone_blobs_, to be read at their id unless a dangling commit introduces them. Only objects
// the walk did not meet cost a header read: every reachable tree and blob was met by the diff.
std::vector<git::Oid> HistorySource::FindUnreached(const CommitLister& lister,
                                                   const std::vector<git::OidSet>& trees) {
  auto reached = [&](const git::Oid& id) {
    if (lister.Seen(id) || introductions_.contains(id)) return true;
    return std::any_of(trees.begin(), trees.end(),
                       [&](const git::OidSet& t) { return t.contains(id); });
  };
  std::vector<git::Oid> dangling;
  Status s = repo_.ForEachObjectId([&](const git::Oid& id) {
    if (!reached(id)) Classify(id, &dangling);
    return true;
  });
  if (!s) diag_->Error(s.error().message);
  return dangling;
}

void HistorySource::Classify(const git::Oid& id, std::vector<git::Oid>* dangling) {
  auto header = repo_.ReadHeader(id);
  if (!header.ok()) {
    diag_->Error(header.error().message);
  } else if (header->type == git::ObjectType::kCommit) {
    dangling_commits_.push_back(id);
    dangling->push_back(id);
  } else if (header->type == git::ObjectType::kBlob) {
    lone_blobs_.push_back(id);
  }
}

// Every blob to read: each introduced one at its first introduction's path; then blobs that no
// walked commit introduced, which references (trees, blobs) or --all-objects name directly.
void HistorySource::CollectBlobs(BlobList& blobs) {
  const auto& known = opts_.known_blob;
  auto wanted = [&](const git::Oid& id) { return !known || !known(id); };
  introductions_.ForEachBlob([&](const IntroductionTable::Entry& e, size_t index) {
    if (wanted(e.blob)) blobs.AddIntroduced(index);
  });
  git::TreeWalker extra(repo_, diag_);  // visits (and marks) each blob of tip trees once
  auto add_walked = [&](std::string_view path, const git::Oid& id) {
    if (!introductions_.contains(id) && wanted(id)) blobs.AddCopy(id, path);
  };
  auto add_lone = [&](std::string_view path, const git::Oid& id) {
    if (extra.MarkBlob(id)) add_walked(path, id);
  };
  if (!ranged()) {
    for (const git::Tip& t : tips_) {
      if (t.type == git::ObjectType::kTree) extra.Walk(t.id, "", add_walked);
      if (t.type == git::ObjectType::kBlob) add_lone(t.id.Hex(), t.id);
    }
  }
  for (const git::Oid& id : lone_blobs_) add_lone(id.Hex(), id);
}

std::unordered_map<std::string, std::vector<Introduction>> HistorySource::Attribute(
    const std::vector<std::string>& blob_ids, size_t max_per_blob) {
  std::unordered_map<std::string, std::vector<Introduction>> found;
  std::unordered_map<uint32_t, CommitInfo> infos;  // by index in graph_
  for (const std::string& hex : blob_ids) {
    const auto id = git::Oid::FromHex(hex);
    if (!id) continue;
    for (const IntroductionTable::Entry& e : introductions_.Of(*id)) {
      const CommitInfo* info = Describe(e.commit, &infos);
      if (info) found[hex].push_back(Introduction{*info, std::string(introductions_.path(e))});
    }
  }
  for (auto& [id, intros] : found) {
    std::sort(intros.begin(), intros.end(), IntroducedEarlier);
    if (max_per_blob > 0 && intros.size() > max_per_blob) intros.resize(max_per_blob);
  }
  return found;
}

std::vector<HistorySource::PathIntroduction> HistorySource::IntroductionsAt(
    const std::function<bool(std::string_view path)>& select) {
  std::vector<PathIntroduction> found;
  std::unordered_map<uint32_t, CommitInfo> infos;  // by index in graph_
  for (size_t i = 0; i < introductions_.size(); ++i) {
    const IntroductionTable::Entry& e = introductions_.entry(i);
    const std::string_view path = introductions_.path(e);
    if (!select(path)) continue;
    if (const CommitInfo* info = Describe(e.commit, &infos)) {
      found.push_back(PathIntroduction{Introduction{*info, std::string(path)}, e.blob.Hex()});
    }
  }
  std::sort(found.begin(), found.end(), [](const PathIntroduction& a, const PathIntroduction& b) {
    return IntroducedEarlier(a.at, b.at);
  });
  return found;
}

// The commit at `index` of the walk, described once; null if it cannot be read now.
const CommitInfo* HistorySource::Describe(uint32_t index,
                                          std::unordered_map<uint32_t, CommitInfo>* cache) {
  if (auto it = cache->find(index); it != cache->end()) return &it->second;
  auto c = git::Commit::Lookup(repo_, graph_.id(index));
  if (!c.ok()) return nullptr;
  CommitInfo info = DescribeCommit(*c);
  info.generation = graph_.Generation(c->id());
  return &cache->emplace(index, std::move(info)).first->second;
}

// Diffs each walked commit's tree with its parents' on `threads` workers (each with its own
// repository handle), claiming commits a few at a time, and records every blob introduced.
std::vector<IntroductionTable::Shard> HistorySource::FindIntroductions(
    Walked commits, Diagnostics* diag, std::vector<git::OidSet>* trees) {
  constexpr size_t kCommitChunk = 16;
  const WorkerRepositories workers = OpenWorkers(commits.size(), kCommitChunk);
  const std::vector<const git::Repository*>& repos = workers.handles;
  std::vector<IntroductionTable::Shard> shards(repos.size());
  std::vector<DiffWorker> diffs;
  diffs.reserve(repos.size());
  for (size_t w = 0; w < repos.size(); ++w) {
    diffs.emplace_back(*repos[w], diag, trees != nullptr ? &(*trees)[w] : nullptr);
  }
  ParallelFor(repos.size(), commits.size(), kCommitChunk, [&](size_t w, size_t begin, size_t end) {
    DiffWorker& d = diffs[w];
    for (size_t i = begin; i < end; ++i) {
      const auto index = static_cast<uint32_t>(commits.first + i);
      ParentTrees(index, &d.parent_trees);
      d.finder.Find(
          graph_.tree(index), d.parent_trees,
          [&](std::string_view path, const git::Oid& id) { shards[w].Add(index, path, id); });
    }
  });
  return shards;
}

uint64_t HistorySource::Generation(std::string_view commit_id) {
  auto id = git::Oid::FromHex(commit_id);
  return id ? graph_.Generation(*id) : 0;
}

}  // namespace ks
