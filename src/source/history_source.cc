#include "source/history_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "git/commit.h"
#include "git/commit_graph.h"
#include "git/tree_walk.h"

namespace ks {
namespace {

// Big enough that queue locking is noise, small enough that work spreads evenly.
constexpr size_t kBatchSize = 256;

struct BlobRef {
  git::Oid id;
  std::string path;
};
using Batch = std::vector<BlobRef>;

// Bounded, so the walk cannot run arbitrarily far ahead of the readers. Close() ends it:
// Pop() then drains what is left and returns nullopt.
class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}

  void Push(Batch batch) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return batches_.size() < capacity_ || closed_; });
    if (closed_) return;
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
  }

  std::optional<Batch> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !batches_.empty() || closed_; });
    if (batches_.empty()) return std::nullopt;
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    not_full_.notify_one();
    return batch;
  }

  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Batch> batches_;
  size_t capacity_;
  bool closed_ = false;
};

class Batcher {
 public:
  explicit Batcher(BatchQueue* queue) : queue_(queue) { batch_.reserve(kBatchSize); }

  void Add(const git::Oid& id, std::string_view path) {
    batch_.push_back(BlobRef{id, std::string(path)});
    if (batch_.size() == kBatchSize) Flush();
  }

  void Flush() {
    if (batch_.empty()) return;
    queue_->Push(std::move(batch_));
    batch_ = Batch();
    batch_.reserve(kBatchSize);
  }

 private:
  BatchQueue* queue_;
  Batch batch_;
};

// One per worker thread, with its own repository handle.
class BlobReader {
 public:
  BlobReader(git::Repository repo, uint64_t max_size, Diagnostics* diag)
      : repo_(std::move(repo)), max_size_(max_size), diag_(diag) {}

  void Drain(BatchQueue& queue, const HistoryVisitors& visitors, size_t worker) {
    while (auto batch = queue.Pop()) {
      for (const BlobRef& b : *batch) ReadOne(b, visitors, worker);
    }
  }

  HistoryStats stats;

 private:
  // The header read is cheap next to inflating the blob, and it keeps an oversized blob out
  // of memory altogether.
  void ReadOne(const BlobRef& b, const HistoryVisitors& visitors, size_t worker) {
    auto header = repo_.ReadHeader(b.id);
    if (!header.ok()) return Fail(header.error(), b);
    if (header->size > max_size_) return Skip(b, header->size);
    auto obj = repo_.Read(b.id);
    if (!obj.ok()) return Fail(obj.error(), b);
    const std::string hex = b.id.Hex();
    visitors.blob(Blob{obj->data(), b.path, SourceKind::kHistory, hex}, worker);
    ++stats.blobs;
    stats.bytes += obj->data().size();
  }

  void Fail(const Error& e, const BlobRef& b) {
    diag_->Error(fmt::format("{} (path '{}')", e.message, b.path));
  }

  void Skip(const BlobRef& b, uint64_t size) {
    ++stats.skipped;
    diag_->Notice(fmt::format("{} (blob {}): skipped, {} bytes is over --max-file-size {}", b.path,
                              b.id.Hex(), size, max_size_));
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

// The producer side of Run(): walks commits and trees on the calling thread, scanning commit
// messages itself and queueing each new blob for the readers.
class HistorySource::Discovery {
 public:
  Discovery(HistorySource& src, BatchQueue* queue, const HistoryVisitors& visitors)
      : src_(src),
        visitors_(visitors),
        out_(queue),
        trees_(src.repo_, src.diag_),
        walk_(src.repo_, src.diag_) {}

  void Run() {
    src_.PrepareWalk(walk_);
    if (!src_.ranged()) WalkTipObjects();
    walk_.Run([&](const git::Commit& c) { VisitCommit(c); });
    if (src_.opts_.all_objects) AddUnreachable();
    out_.Flush();
    src_.stats_.commits = walk_.visited();
  }

 private:
  void VisitCommit(const git::Commit& c) {
    const CommitInfo info = DescribeCommit(c);
    const std::string path = MessagePath(info.id);
    visitors_.message(Blob{c.message(), path, SourceKind::kHistory, {}}, info);
    src_.stats_.bytes += c.message().size();
    auto add = [&](std::string_view p, const git::Oid& id) { AddBlob(id, p); };
    if (src_.ranged()) {
      git::ForEachIntroducedBlob(src_.repo_, c.tree_id(), ParentTrees(src_.repo_, walk_.Parents(c)),
                                 src_.diag_, add);
    } else {
      trees_.Walk(c.tree_id(), "",
                  [&](std::string_view p, const git::Oid& id) { out_.Add(id, p); });
    }
  }

  void AddBlob(const git::Oid& id, std::string_view path) {
    if (trees_.MarkBlob(id)) out_.Add(id, path);
  }

  // References that name a tree or a blob directly (rare, but git keeps what they name).
  void WalkTipObjects() {
    for (const git::Tip& t : src_.tips_) {
      if (t.type == git::ObjectType::kTree) {
        trees_.Walk(t.id, "", [&](std::string_view p, const git::Oid& id) { out_.Add(id, p); });
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
  Batcher out_;
  git::TreeWalker trees_;
  git::CommitWalk walk_;
};

HistorySource::HistorySource(HistoryOptions opts, git::Repository repo, Diagnostics* diag)
    : opts_(std::move(opts)), repo_(std::move(repo)), diag_(diag) {}

Result<HistorySource> HistorySource::Open(HistoryOptions opts, Diagnostics* diag) {
  auto repo = git::Repository::Discover(opts.repo);
  if (!repo.ok()) return std::move(repo).take_error();
  HistorySource src(std::move(opts), std::move(repo).value(), diag);
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
  return {};
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
  BatchQueue queue(2 * n + 2);
  {
    std::vector<std::jthread> threads;
    // Declared after the threads, so it is destroyed (closing the queue) before they join.
    struct CloseOnExit {
      BatchQueue& q;
      ~CloseOnExit() { q.Close(); }
    } closer{queue};
    for (size_t i = 0; i < n; ++i) {
      threads.emplace_back([&, i] { readers[i].Drain(queue, visitors, i); });
    }
    Discovery(*this, &queue, visitors).Run();
  }
  for (const BlobReader& r : readers) {
    stats_.blobs += r.stats.blobs;
    stats_.bytes += r.stats.bytes;
    stats_.skipped += r.stats.skipped;
  }
  return {};
}

std::unordered_map<std::string, std::vector<Introduction>> HistorySource::Attribute(
    const std::vector<std::string>& blob_ids, size_t max_per_blob) {
  std::unordered_set<git::Oid, git::OidHash> wanted;
  for (const std::string& hex : blob_ids) {
    if (auto id = git::Oid::FromHex(hex)) wanted.insert(*id);
  }
  std::unordered_map<std::string, std::vector<Introduction>> found;
  if (wanted.empty()) return found;
  SilentDiagnostics silent;
  git::CommitWalk walk(repo_, &silent);
  PrepareWalk(walk);
  for (const git::Oid& id : dangling_commits_) walk.Push(id);
  walk.Run([&](const git::Commit& c) {
    std::vector<git::Oid> parents = walk.Parents(c);
    std::optional<CommitInfo> info;  // described only when it introduced a wanted blob
    git::ForEachIntroducedBlob(repo_, c.tree_id(), ParentTrees(repo_, parents), &silent,
                               [&](std::string_view path, const git::Oid& id) {
                                 if (!wanted.contains(id)) return;
                                 if (!info) info = DescribeCommit(c);
                                 found[id.Hex()].push_back(Introduction{*info, std::string(path)});
                               });
    graph_.Add(c.id(), std::move(parents));
  });
  for (auto& [id, intros] : found) {
    for (Introduction& in : intros) {
      in.commit.generation = graph_.Generation(*git::Oid::FromHex(in.commit.id));
    }
    std::sort(intros.begin(), intros.end(), IntroducedEarlier);
    if (max_per_blob > 0 && intros.size() > max_per_blob) intros.resize(max_per_blob);
  }
  return found;
}

uint64_t HistorySource::Generation(std::string_view commit_id) {
  auto id = git::Oid::FromHex(commit_id);
  return id ? graph_.Generation(*id) : 0;
}

}  // namespace ks
