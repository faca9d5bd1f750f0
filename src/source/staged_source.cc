#include "source/staged_source.h"

#include <fmt/format.h>

namespace ks {

Result<StagedSource> StagedSource::Open(const std::string& repo_dir, const std::string& index_file,
                                        const SourceOptions& opts, Diagnostics* diag) {
  auto repo = git::Repository::Discover(repo_dir);
  if (!repo.ok()) return std::move(repo).take_error();
  return StagedSource(std::move(repo).value(),
                      git::StagedOptions{index_file, opts.threads, opts.max_file_size}, diag);
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
        ++counts_->skipped;
        diag_->Notice(fmt::format("{}: skipped, {} bytes is over --max-file-size {}", path, size,
                                  opts_.max_file_size));
      },
      [&](const std::string& path, const Error& e) {
        diag_->Error(fmt::format("{}: {}", path, e.message));
      }};
  return git::ForEachStagedFile(repo_, opts_, cb);
}

}  // namespace ks
