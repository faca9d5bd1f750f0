#include "git/staged.h"

#include <fmt/format.h>

#include <optional>

#include "git/handles.h"

namespace ks::git {
namespace {

// HEAD's tree, or null when HEAD is unborn (nothing committed yet).
Result<TreeHandle> HeadTree(git_repository* repo) {
  git_oid head;
  const int rc = git_reference_name_to_id(&head, repo, "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return TreeHandle();
  if (rc != 0) return LastError("cannot read HEAD");
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repo, &head) != 0) return LastError("cannot read HEAD");
  CommitHandle commit(raw_commit);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) != 0) return LastError("cannot read HEAD's tree");
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

std::vector<LineRange> AddedRanges(git_patch* patch) {
  std::vector<LineRange> ranges;
  for (size_t h = 0; h < git_patch_num_hunks(patch); ++h) {
    const git_diff_hunk* hunk = nullptr;
    if (git_patch_get_hunk(&hunk, nullptr, patch, h) != 0 || hunk->new_lines <= 0) continue;
    ranges.push_back(
        LineRange{static_cast<uint64_t>(hunk->new_start), static_cast<uint64_t>(hunk->new_lines)});
  }
  return ranges;
}

Result<std::optional<StagedFile>> ToStagedFile(git_diff* diff, size_t i) {
  git_patch* raw = nullptr;
  if (git_patch_from_diff(&raw, diff, i) != 0) return LastError("cannot diff a staged file");
  PatchHandle patch(raw);
  const git_diff_delta* d = git_patch_get_delta(patch.get());
  StagedFile f{
      d->new_file.path, FromGit(d->new_file.id), (d->flags & GIT_DIFF_FLAG_BINARY) != 0, {}};
  if (!f.binary) f.added = AddedRanges(patch.get());
  if (!f.binary && f.added.empty()) return std::optional<StagedFile>();
  return std::optional<StagedFile>(std::move(f));
}

Result<IndexHandle> OpenIndex(git_repository* repo, const std::string& index_file) {
  git_index* raw = nullptr;
  const int rc = index_file.empty() ? git_repository_index(&raw, repo)
                                    : git_index_open(&raw, index_file.c_str());
  if (rc != 0) return LastError("cannot read the index");
  return IndexHandle(raw);
}

}  // namespace

Result<std::vector<StagedFile>> StagedChanges(const Repository& repo,
                                              const std::string& index_file) {
  git_repository* raw_repo = Raw(repo);
  if (repo.bare()) {
    return MakeError(ErrorKind::kRepository, "a bare repository has no index to scan");
  }
  auto index = OpenIndex(raw_repo, index_file);
  if (!index.ok()) return std::move(index).take_error();
  auto head = HeadTree(raw_repo);
  if (!head.ok()) return std::move(head).take_error();
  auto diff = DiffHeadToIndex(raw_repo, head->get(), index->get());
  if (!diff.ok()) return std::move(diff).take_error();
  std::vector<StagedFile> files;
  for (size_t i = 0; i < git_diff_num_deltas(diff->get()); ++i) {
    if (!HasNewContent(git_diff_get_delta(diff->get(), i))) continue;
    auto f = ToStagedFile(diff->get(), i);
    if (!f.ok()) return std::move(f).take_error();
    if (*f) files.push_back(std::move(**f));
  }
  return files;
}

}  // namespace ks::git
