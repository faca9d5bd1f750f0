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
                                        uint64_t max_file_size, Diagnostics* diag) {
  auto repo = git::Repository::Discover(repo_dir);
  if (!repo.ok()) return std::move(repo).take_error();
  return StagedSource(std::move(repo).value(), index_file, max_file_size, diag);
}

Status StagedSource::Run(const StagedVisitor& visit) {
  auto files = git::StagedChanges(repo_, index_file_);
  if (!files.ok()) return files.error();
  for (const git::StagedFile& f : *files) VisitFile(f, visit);
  return {};
}

void StagedSource::VisitFile(const git::StagedFile& f, const StagedVisitor& visit) {
  auto header = repo_.ReadHeader(f.blob);
  if (!header.ok()) return diag_->Error(fmt::format("{}: {}", f.path, header.error().message));
  if (header->size > max_file_size_) {
    ++stats_.skipped;
    return diag_->Notice(fmt::format("{}: skipped, {} bytes is over --max-file-size {}", f.path,
                                     header->size, max_file_size_));
  }
  auto obj = repo_.Read(f.blob);
  if (!obj.ok()) return diag_->Error(fmt::format("{}: {}", f.path, obj.error().message));
  const std::string hex = f.blob.Hex();
  visit(Blob{obj->data(), f.path, SourceKind::kStaged, hex}, AddedLines(f.binary, f.added));
  ++stats_.files;
  stats_.bytes += obj->data().size();
}

}  // namespace ks
