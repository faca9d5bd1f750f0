#include "source/history_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <unordered_set>

#include "git/commit.h"
#include "git/commit_graph.h"
#include "git/pack_check.h"
#include "git/pack_order.h"
#include "git/tree_walk.h"

namespace ks {
namespace {

// Blobs handed to a worker at a time: big enough that the shared counter is noise, small
// enough that work spreads evenly and the workers stay close together in the pack, where
// libgit2's (shared) delta-base cache still holds the bases they need.
constexpr size_t kChunkSize = 64;

// The blobs discovery found, each with the first path it was seen at, to be read once the walk
// is over, in pack order. Paths share one buffer, so an entry costs about 40 bytes plus its
// path. Filled on one thread; read-only (and then safe to share) once sorted.
class BlobList {
 public:
  explicit BlobList(git::PackOrder order) : order_(std::move(order)) {}

  void Add(const git::Oid& id, std::string_view path) {
    entries_.push_back(
        Entry{id, static_cast<uint32_t>(path.size()), order_.Position(id), paths_.size()});
    paths_.append(path);
  }

  // Pack order: each delta after its base, packs one after another, unpacked objects last.
  // Frees the pack indexes, which are no longer needed.
  void Sort() {
    std::sort(entries_.begin(), entries_.end(),
              [](const Entry& a, const Entry& b) { return a.position < b.position; });
    order_ = git::PackOrder();
  }

  size_t size() const { return entries_.size(); }
  const git::Oid& id(size_t i) const { return entries_[i].id; }
  std::string_view path(size_t i) const {
    return std::string_view(paths_).substr(entries_[i].path_offset, entries_[i].path_size);
  }

 private:
  struct Entry {
    git::Oid id;
    uint32_t path_size;
    uint64_t position;  // PackOrder::Position(id)
    uint64_t path_offset;
  };
  git::PackOrder order_;
  std::vector<Entry> entries_;
  std::string paths_;
};

// One per worker thread, with its own repository handle.
class BlobReader {
 public:
  BlobReader(git::Repository repo, uint64_t max_size, Diagnostics* diag)
      : repo_(std::move(repo)), max_size_(max_size), diag_(diag) {}

  // Reads chunks of `blobs` (claimed through `next`, in order) until none is left.
  void Drain(const BlobList& blobs, std::atomic<size_t>& next, const HistoryVisitors& visitors,
             size_t worker, const std::function<void(uint64_t)>& on_blob) {
    for (;;) {
      const size_t begin = next.fetch_add(kChunkSize, std::memory_order_relaxed);
      if (begin >= blobs.size()) return;
      const size_t end = std::min(blobs.size(), begin + kChunkSize);
      for (size_t i = begin; i < end; ++i) {
        const uint64_t bytes = ReadOne(blobs.id(i), blobs.path(i), visitors, worker);
        if (on_blob) on_blob(bytes);
      }
    }
  }

  HistoryStats stats;
  std::vector<git::Oid> done;  // read or skipped as too large

 private:
  // The header read is cheap next to inflating the blob, and it keeps an oversized blob out
  // of memory altogether. Returns the bytes read (0 when the blob was not read).
  uint64_t ReadOne(const git::Oid& id, std::string_view path, const HistoryVisitors& visitors,
                   size_t worker) {
    auto header = repo_.ReadHeader(id);
    if (!header.ok()) return Fail(header.error(), path), 0;
    done.push_back(id);
    if (header->size > max_size_) return Skip(id, path, header->size), 0;
    auto obj = repo_.Read(id);
    if (!obj.ok()) {
      done.pop_back();  // unreadable now; a later run may try again
      return Fail(obj.error(), path), 0;
    }
    const std::string hex = id.Hex();
    visitors.blob(Blob{obj->data(), path, SourceKind::kHistory, hex}, worker);
    ++stats.blobs;
    stats.bytes += obj->data().size();
    return obj->data().size();
  }

  void Fail(const Error& e, std::string_view path) {
    diag_->Error(fmt::format("{} (path '{}')", e.message, path));
  }

  void Skip(const git::Oid& id, std::string_view path, uint64_t size) {
    ++stats.skipped;
    diag_->Notice(fmt::format("{} (blob {}): skipped, {} bytes is over --max-file-size {}", path,
                              id.Hex(), size, max_size_));
  }

  git::Repository repo_;
  uint64_t max_size_;
  Diagnostics* diag_;
};

// For the second walk: its object errors were already reported by the first.
class SilentDiagnostics : public Diagnostics {
 protected:
  void OnNotice(const std::string&) override {}
  void OnError(const std::string&) override {}
};

CommitInfo DescribeCommit(const git::Commit& c) {
  const git::Person a = c.author();
  return CommitInfo{c.id().Hex(), std::string(a.name), std::string(a.email), git::IsoUtc(a.time),
                    c.commit_time()};
}

std::vector<git::Oid> ParentTrees(const git::Repository& repo,
                                  const std::vector<git::Oid>& parents) {
  std::vector<git::Oid> trees;
  for (const git::Oid& p : parents) {
    if (auto parent = git::Commit::Lookup(repo, p); parent.ok()) trees.push_back(parent->tree_id());
  }
  return trees;
}

bool IntroducedEarlier(const Introduction& a, const Introduction& b) {
  return std::tie(a.commit.time, a.commit.generation, a.commit.id, a.path) <
         std::tie(b.commit.time, b.commit.generation, b.commit.id, b.path);
}

}  // namespace

std::string MessagePath(std::string_view commit_id) { return fmt::format("commit:{}", commit_id); }

// The first half of Run(): walks commits and trees on the calling thread, scanning commit
// messages itself and collecting each new blob for the readers.
class HistorySource::Discovery {
 public:
  Discovery(HistorySource& src, BlobList* out, const HistoryVisitors& visitors)
      : src_(src),
        visitors_(visitors),
        out_(*out),
        trees_(src.repo_, src.diag_),
        walk_(src.repo_, src.diag_) {}

  void Run() {
    src_.PrepareWalk(walk_);
    if (!src_.ranged()) WalkTipObjects();
    walk_.Run([&](const git::Commit& c) { VisitCommit(c); });
    if (src_.opts_.all_objects) AddUnreachable();
    src_.stats_.commits = walk_.visited();
  }

 private:
  void VisitCommit(const git::Commit& c) {
    const CommitInfo info = DescribeCommit(c);
    const std::string path = MessagePath(info.id);
    visitors_.message(Blob{c.message(), path, SourceKind::kHistory, {}}, info);
    src_.stats_.bytes += c.message().size();
    if (src_.opts_.on_commit) src_.opts_.on_commit();
    auto add = [&](std::string_view p, const git::Oid& id) { AddBlob(id, p); };
    if (src_.ranged()) {
      git::ForEachIntroducedBlob(src_.repo_, c.tree_id(), ParentTrees(src_.repo_, walk_.Parents(c)),
                                 src_.diag_, add);
    } else {
      trees_.Walk(c.tree_id(), "", [&](std::string_view p, const git::Oid& id) { Keep(id, p); });
    }
  }

  void AddBlob(const git::Oid& id, std::string_view path) {
    if (trees_.MarkBlob(id)) Keep(id, path);
  }

  // Collects a blob for the readers unless an earlier run (--state) already read it.
  void Keep(const git::Oid& id, std::string_view path) {
    const auto* known = src_.opts_.known_blobs;
    if (!known || !known->contains(id)) out_.Add(id, path);
  }

  // References that name a tree or a blob directly (rare, but git keeps what they name).
  void WalkTipObjects() {
    for (const git::Tip& t : src_.tips_) {
      if (t.type == git::ObjectType::kTree) {
        trees_.Walk(t.id, "", [&](std::string_view p, const git::Oid& id) { Keep(id, p); });
      } else if (t.type == git::ObjectType::kBlob) {
        AddBlob(t.id, t.id.Hex());
      }
    }
  }

  // Dangling commits are walked like tips (their trees give blobs real paths); blobs that no
  // commit reaches are reported at their id.
  void AddUnreachable() {
    std::vector<git::Oid> blobs;
    for (const git::Oid& id : UnseenObjects()) {
      auto header = src_.repo_.ReadHeader(id);
      if (!header.ok()) {
        src_.diag_->Error(header.error().message);
      } else if (header->type == git::ObjectType::kCommit) {
        src_.dangling_commits_.push_back(id);
        walk_.Push(id);
      } else if (header->type == git::ObjectType::kBlob) {
        blobs.push_back(id);
      }
    }
    walk_.Run([&](const git::Commit& c) { VisitCommit(c); });
    for (const git::Oid& id : blobs) AddBlob(id, id.Hex());
  }

  std::vector<git::Oid> UnseenObjects() {
    std::vector<git::Oid> unseen;
    Status s = src_.repo_.ForEachObjectId([&](const git::Oid& id) {
      if (!walk_.Seen(id) && !trees_.SeenTree(id) && !trees_.SeenBlob(id)) unseen.push_back(id);
      return true;
    });
    if (!s) src_.diag_->Error(s.error().message);
    return unseen;
  }

  HistorySource& src_;
  const HistoryVisitors& visitors_;
  BlobList& out_;
  git::TreeWalker trees_;
  git::CommitWalk walk_;
};

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
  if (opts_.include.empty()) tips_ = git::AllTips(repo_, diag_);
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
  for (const std::string& hex : opts_.known_commits) {
    if (const auto id = repo_.FindCommit(hex)) excluded_.push_back(*id);
  }
  return {};
}

std::vector<std::string> HistorySource::CommitTipIds() const {
  std::vector<std::string> ids;
  for (const git::Tip& t : tips_) {
    if (t.type == git::ObjectType::kCommit) ids.push_back(t.id.Hex());
  }
  for (const git::Oid& id : dangling_commits_) ids.push_back(id.Hex());
  return ids;
}

void HistorySource::PrepareWalk(git::CommitWalk& walk) const {
  for (const git::Oid& id : excluded_) walk.Hide(id);
  for (const git::Tip& t : tips_) {
    if (t.type == git::ObjectType::kCommit) walk.Push(t.id);
  }
}

Status HistorySource::Run(const HistoryVisitors& visitors) {
  const size_t n = std::max<size_t>(1, opts_.threads);
  std::vector<BlobReader> readers;
  for (size_t i = 0; i < n; ++i) {
    auto repo = git::Repository::OpenGitDir(repo_.git_dir());
    if (!repo.ok()) return repo.error();
    readers.emplace_back(std::move(repo).value(), opts_.max_file_size, diag_);
  }
  BlobList blobs(git::PackOrder::Load(repo_));
  Discovery(*this, &blobs, visitors).Run();
  blobs.Sort();
  if (opts_.on_total) opts_.on_total(blobs.size());
  std::atomic<size_t> next{0};
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < n; ++i) {
      threads.emplace_back([&, i] { readers[i].Drain(blobs, next, visitors, i, opts_.on_blob); });
    }
  }
  for (const BlobReader& r : readers) {
    scanned_.insert(scanned_.end(), r.done.begin(), r.done.end());
    stats_.blobs += r.stats.blobs;
    stats_.bytes += r.stats.bytes;
    stats_.skipped += r.stats.skipped;
  }
  return {};
}

std::unordered_map<std::string, std::vector<Introduction>> HistorySource::Attribute(
    const std::vector<std::string>& blob_ids, size_t max_per_blob) {
  WantedBlobs wanted;
  for (const std::string& hex : blob_ids) {
    if (auto id = git::Oid::FromHex(hex)) wanted.insert(*id);
  }
  std::unordered_map<std::string, std::vector<Introduction>> found;
  if (wanted.empty()) return found;
  SilentDiagnostics silent;
  git::CommitWalk walk(repo_, &silent);
  PrepareWalk(walk);
  for (const git::Oid& id : dangling_commits_) walk.Push(id);
  std::vector<WalkedCommit> commits;
  walk.Run([&](const git::Commit& c) {
    std::vector<git::Oid> parents = walk.Parents(c);
    commits.push_back(WalkedCommit{c.id(), c.tree_id(), ParentTrees(repo_, parents)});
    graph_.Add(c.id(), std::move(parents));
  });
  std::vector<Hit> hits = FindIntroductions(commits, wanted, &silent);
  std::unordered_map<size_t, CommitInfo> infos;  // by index in `commits`
  for (Hit& h : hits) {
    auto it = infos.find(h.commit);
    if (it == infos.end()) {
      auto c = git::Commit::Lookup(repo_, commits[h.commit].id);
      if (!c.ok()) continue;
      it = infos.emplace(h.commit, DescribeCommit(*c)).first;
    }
    found[h.blob.Hex()].push_back(Introduction{it->second, std::move(h.path)});
  }
  for (auto& [id, intros] : found) {
    for (Introduction& in : intros) {
      in.commit.generation = graph_.Generation(*git::Oid::FromHex(in.commit.id));
    }
    std::sort(intros.begin(), intros.end(), IntroducedEarlier);
    if (max_per_blob > 0 && intros.size() > max_per_blob) intros.resize(max_per_blob);
  }
  return found;
}

// Compares each walked commit's tree with its parents' on `threads` workers (each with its
// own repository handle), claiming commits a few at a time; the order of the result does not
// matter, since Attribute() sorts introductions completely.
std::vector<HistorySource::Hit> HistorySource::FindIntroductions(
    const std::vector<WalkedCommit>& commits, const WantedBlobs& wanted, Diagnostics* diag) {
  constexpr size_t kCommitChunk = 16;
  const size_t n = std::max<size_t>(1, opts_.threads);
  std::vector<git::Repository> own;  // one per worker; if none opens, repo_ does it all
  for (size_t i = 0; i < n; ++i) {
    auto repo = git::Repository::OpenGitDir(repo_.git_dir());
    if (!repo.ok()) break;
    own.push_back(std::move(repo).value());
  }
  std::vector<const git::Repository*> repos;
  for (const git::Repository& r : own) repos.push_back(&r);
  if (repos.empty()) repos.push_back(&repo_);
  std::vector<std::vector<Hit>> per_worker(repos.size());
  std::atomic<size_t> next{0};
  auto work = [&](size_t w) {
    for (;;) {
      const size_t begin = next.fetch_add(kCommitChunk, std::memory_order_relaxed);
      if (begin >= commits.size()) return;
      const size_t end = std::min(commits.size(), begin + kCommitChunk);
      for (size_t i = begin; i < end; ++i) {
        git::ForEachIntroducedBlob(*repos[w], commits[i].tree, commits[i].parent_trees, diag,
                                   [&](std::string_view path, const git::Oid& id) {
                                     if (wanted.contains(id)) {
                                       per_worker[w].push_back(Hit{i, std::string(path), id});
                                     }
                                   });
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    for (size_t w = 0; w < repos.size(); ++w) threads.emplace_back(work, w);
  }
  std::vector<Hit> hits;
  for (auto& v : per_worker) std::move(v.begin(), v.end(), std::back_inserter(hits));
  return hits;
}

uint64_t HistorySource::Generation(std::string_view commit_id) {
  auto id = git::Oid::FromHex(commit_id);
  return id ? graph_.Generation(*id) : 0;
}

}  // namespace ks
