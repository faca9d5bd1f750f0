#include "source/staged_source.h"

#include <fmt/format.h>

#include <algorithm>

namespace ks {

bool AddedLines::Contains(uint64_t line) const {
  if (all_) return true;
  // The first range starting after `line`; the one before it is the only candidate.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), line,
                             [](uint64_t l, const git::LineRange& r) { return l < r.first; });
  if (it == ranges_.begin()) return false;
  --it;
  return line < it->first + it->count;
}

Result<StagedSource> StagedSource::Open(const std::string& repo_dir, const std::string& index_file,
                                        uint64_t max_file_size, size_t threads, Diagnostics* diag) {
  auto repo = git::Repository::Discover(repo_dir);
  if (!repo.ok()) return std::move(repo).take_error();
  return StagedSource(std::move(repo).value(),
                      git::StagedOptions{index_file, threads, max_file_size}, diag);
}

Status StagedSource::Run(const StagedVisitor& visit) {
  git::StagedCallbacks cb{
      [&](const git::StagedFile& f, std::string_view bytes, size_t worker, size_t seq) {
        const std::string hex = f.blob.Hex();
        visit(Blob{bytes, f.path, SourceKind::kStaged, hex}, AddedLines(f.binary, f.added), worker,
              seq);
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
