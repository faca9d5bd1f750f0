#include "source/staged_source.h"

#include <fmt/format.h>

#include "source/object_content.h"

namespace ks {

Result<StagedSource> StagedSource::Open(const std::string& repo_dir, const std::string& index_file,
                                        const SourceOptions& opts, Diagnostics* diag) {
  auto repo = git::Repository::Discover(repo_dir);
  if (!repo.ok()) return std::move(repo).take_error();
  return StagedSource(
      std::move(repo).value(),
      git::StagedOptions{index_file, opts.threads, opts.max_file_size, ChunkBytes()}, diag);
}

Status StagedSource::Run(const BlobVisitor& visit) {
  git::StagedCallbacks cb{
      [&](const git::StagedFile& f, std::string_view bytes, size_t worker, size_t seq) {
        const std::string hex = f.blob.Hex();
        const AddedLines added(f.binary, f.added);
        visit(Blob{bytes, f.path, SourceKind::kStaged, hex}, BlobContext{worker, seq, &added});
        ++counts_->files;
        counts_->bytes += bytes.size();
      },
      [&](const std::string& path, uint64_t size) {
        Skip(SkippedItem{path, {}, size, SkipReason::kTooLarge});
      },
      [&](const std::string& path, const Error& e) {
        diag_->Error(fmt::format("{}: {}", path, e.message));
      },
      [&](const git::StagedFile& f, const git::Repository& repo, uint64_t size, size_t worker,
          size_t seq) { VisitLarge(f, repo, size, worker, seq, visit); }};
  return git::ForEachStagedFile(repo_, opts_, cb);
}

// A staged blob too large to diff in memory: streamed, and all of it counts as added.
void StagedSource::VisitLarge(const git::StagedFile& f, const git::Repository& repo, uint64_t size,
                              size_t worker, size_t seq, const BlobVisitor& visit) {
  auto content = ObjectContent::Open(repo, f.blob, size);
  if (!content.ok()) return diag_->Error(fmt::format("{}: {}", f.path, content.error().message));
  const std::string hex = f.blob.Hex();
  if (auto why = content->skipped()) return Skip(SkippedItem{f.path, hex, size, *why});
  const AddedLines added(true, {});
  visit(content->blob(f.path, SourceKind::kStaged, hex), BlobContext{worker, seq, &added});
  ++counts_->files;
  counts_->bytes += size;
}

void StagedSource::Skip(SkippedItem item) {
  ++counts_->skipped;
  diag_->Notice(DescribeSkipped(item, opts_.max_file_size));
  std::lock_guard lock(counts_->mu);
  counts_->skipped_items.Add(std::move(item));
}

SourceStats StagedSource::stats() const {
  SourceStats s{counts_->files, counts_->bytes, counts_->skipped, 0, {}};
  std::lock_guard lock(counts_->mu);
  s.skipped_items = counts_->skipped_items;
  return s;
}

}  // namespace ks
