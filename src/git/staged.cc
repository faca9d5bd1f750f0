#include "git/staged.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "git/commit.h"
#include "git/handles.h"
#include "util/parallel_for.h"

namespace ks::git {
namespace {

// HEAD's tree, or null when HEAD is unborn (nothing committed yet). Read through Commit, which
// does not inflate a huge commit whole.
Result<TreeHandle> HeadTree(const Repository& repo) {
  git_oid head;
  const int rc = git_reference_name_to_id(&head, Raw(repo), "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return TreeHandle();
  if (rc != 0) return LastError("cannot read HEAD");
  auto commit = Commit::Lookup(repo, FromGit(head));
  if (!commit.ok()) {
    return MakeError(ErrorKind::kRepository, "cannot read HEAD: " + commit.error().message);
  }
  const git_oid tree_id = ToGit(commit->tree_id());
  git_tree* raw_tree = nullptr;
  if (git_tree_lookup(&raw_tree, Raw(repo), &tree_id) != 0) {
    return LastError("cannot read HEAD's tree");
  }
  return TreeHandle(raw_tree);
}

Result<DiffHandle> DiffHeadToIndex(git_repository* repo, git_tree* head, git_index* index) {
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;  // hunks then hold exactly the removed and added lines
  opts.interhunk_lines = 0;
  opts.flags = GIT_DIFF_IGNORE_SUBMODULES;
  git_diff* raw = nullptr;
  if (git_diff_tree_to_index(&raw, repo, head, index, &opts) != 0) {
    return LastError("cannot compare the index with HEAD");
  }
  DiffHandle diff(raw);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
  if (git_diff_find_similar(diff.get(), &find) != 0) return LastError("cannot detect renames");
  return diff;
}

bool HasNewContent(const git_diff_delta* d) {
  switch (d->status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_MODIFIED:
    case GIT_DELTA_RENAMED:
    case GIT_DELTA_COPIED:
    case GIT_DELTA_TYPECHANGE:
      return d->new_file.mode != GIT_FILEMODE_COMMIT;
    default:
      return false;
  }
}

Result<IndexHandle> OpenIndex(git_repository* repo, const std::string& index_file) {
  git_index* raw = nullptr;
  const int rc = index_file.empty() ? git_repository_index(&raw, repo)
                                    : git_index_open(&raw, index_file.c_str());
  if (rc != 0) return LastError("cannot read the index");
  return IndexHandle(raw);
}

// One file the commit adds content to: its staged blob and what it is compared with.
struct Delta {
  std::string path;
  std::optional<Oid> original;  // HEAD's blob, or a rename's or copy's source; none if added
  Oid staged;
};

Result<std::vector<Delta>> StagedDeltas(const Repository& repo, const std::string& index_file) {
  git_repository* raw_repo = Raw(repo);
  if (repo.bare()) {
    return MakeError(ErrorKind::kRepository, "a bare repository has no index to scan");
  }
  auto index = OpenIndex(raw_repo, index_file);
  if (!index.ok()) return std::move(index).take_error();
  auto head = HeadTree(repo);
  if (!head.ok()) return std::move(head).take_error();
  auto diff = DiffHeadToIndex(raw_repo, head->get(), index->get());
  if (!diff.ok()) return std::move(diff).take_error();
  std::vector<Delta> deltas;
  for (size_t i = 0; i < git_diff_num_deltas(diff->get()); ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff->get(), i);
    if (!HasNewContent(d)) continue;
    Delta delta{d->new_file.path, std::nullopt, FromGit(d->new_file.id)};
    if (d->status != GIT_DELTA_ADDED && !git_oid_is_zero(&d->old_file.id)) {
      delta.original = FromGit(d->old_file.id);
    }
    deltas.push_back(std::move(delta));
  }
  return deltas;
}

struct DiffPayload {
  bool binary = false;
  std::vector<LineRange> added;
};

int OnFile(const git_diff_delta* d, float /*progress*/, void* payload) {
  if (d->flags & GIT_DIFF_FLAG_BINARY) static_cast<DiffPayload*>(payload)->binary = true;
  return 0;
}

int OnHunk(const git_diff_delta* /*d*/, const git_diff_hunk* h, void* payload) {
  if (h->new_lines > 0) {
    static_cast<DiffPayload*>(payload)->added.push_back(
        LineRange{static_cast<uint64_t>(h->new_start), static_cast<uint64_t>(h->new_lines)});
  }
  return 0;
}

Result<BlobHandle> LookupBlob(git_repository* repo, const Oid& id) {
  const git_oid gid = ToGit(id);
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo, &gid) != 0) return LastError(fmt::format("blob {}", id.Hex()));
  return BlobHandle(raw);
}

std::string_view Content(const git_blob* blob) {
  return {static_cast<const char*>(git_blob_rawcontent(blob)),
          static_cast<size_t>(git_blob_rawsize(blob))};
}

// Diffs two blobs (a null original is empty). git_diff_blobs takes their ids as they are, where
// git_diff_buffers would hash both contents again. Without paths no attributes or drivers are
// looked up, and with no context lines the hunks hold exactly the removed and added lines.
Result<DiffPayload> AddedRanges(const git_blob* original, const git_blob* staged,
                                const std::string& path) {
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  DiffPayload payload;
  if (git_diff_blobs(original, nullptr, staged, nullptr, &opts, OnFile, nullptr, OnHunk, nullptr,
                     &payload) != 0) {
    return LastError("cannot diff " + path);
  }
  return payload;
}

// Reads, diffs and hands over deltas, on one repository handle that no other worker uses.
class StagedWorker {
 public:
  StagedWorker(const Repository& repo, const StagedOptions& opts, const StagedCallbacks& cb,
               size_t worker)
      : repo_(repo), opts_(opts), cb_(cb), worker_(worker) {}

  void One(const Delta& d, size_t seq) {
    auto header = repo_.ReadHeader(d.staged);
    if (!header.ok()) return cb_.error(d.path, header.error());
    if (header->size > opts_.max_file_size) return cb_.too_large(d.path, header->size);
    // Diffing needs both blobs whole: a large one is handed over unread, all of it added.
    if (header->size > opts_.diff_limit && cb_.large) {
      return cb_.large(StagedFile{d.path, d.staged, true, {}}, repo_, header->size, worker_, seq);
    }
    auto staged = LookupBlob(Raw(repo_), d.staged);
    if (!staged.ok()) return cb_.error(d.path, staged.error());
    BlobHandle original;
    if (d.original) {
      auto read = LookupBlob(Raw(repo_), *d.original);
      // Without the original every line counts as added: scanning too much beats missing a key.
      if (read.ok()) original = std::move(read).value();
    }
    auto diff = AddedRanges(original.get(), staged->get(), d.path);
    if (!diff.ok()) return cb_.error(d.path, diff.error());
    if (!diff->binary && diff->added.empty()) return;
    const StagedFile f{d.path, d.staged, diff->binary, std::move(diff->added)};
    cb_.file(f, Content(staged->get()), worker_, seq);
  }

 private:
  const Repository& repo_;
  const StagedOptions& opts_;
  const StagedCallbacks& cb_;
  size_t worker_;
};

// Threads pay off only when there are many files to share: each extra one opens its own
// repository handle and warms its own delta-base cache, which costs more than 50 small files.
size_t WorkerCount(const StagedOptions& opts, size_t files) {
  constexpr size_t kFilesPerThread = 64;
  return std::clamp<size_t>(files / kFilesPerThread, 1, std::max<size_t>(opts.threads, 1));
}

}  // namespace

Status ForEachStagedFile(const Repository& repo, const StagedOptions& opts,
                         const StagedCallbacks& callbacks) {
  auto deltas = StagedDeltas(repo, opts.index_file);
  if (!deltas.ok()) return deltas.error();
  const size_t n = WorkerCount(opts, deltas->size());
  std::vector<Repository> handles;  // for workers 1..n-1; worker 0 uses `repo`
  for (size_t i = 1; i < n; ++i) {
    auto handle = Repository::OpenGitDir(repo.git_dir());
    if (!handle.ok()) return handle.error();
    handles.push_back(std::move(handle).value());
  }
  std::vector<StagedWorker> workers;
  workers.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    workers.emplace_back(i == 0 ? repo : handles[i - 1], opts, callbacks, i);
  }
  ParallelFor(n, deltas->size(), 1, [&](size_t worker, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) workers[worker].One((*deltas)[i], i);
  });
  return {};
}

Result<std::vector<StagedFile>> StagedChanges(const Repository& repo,
                                              const std::string& index_file) {
  std::vector<std::pair<size_t, StagedFile>> found;
  std::optional<Error> failure;
  StagedCallbacks cb{[&](const StagedFile& f, std::string_view, size_t, size_t seq) {
                       found.emplace_back(seq, f);
                     },
                     [](const std::string&, uint64_t) {},
                     [&](const std::string&, const Error& e) { failure = e; }};
  if (Status s = ForEachStagedFile(repo, StagedOptions{index_file}, cb); !s) return s.error();
  if (failure) return *failure;
  std::vector<StagedFile> files;
  for (auto& [seq, f] : found) files.push_back(std::move(f));
  return files;
}

}  // namespace ks::git
