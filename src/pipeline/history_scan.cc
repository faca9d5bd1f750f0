#include "pipeline/history_scan.h"

#include <iterator>
#include <utility>

#include "git/commit.h"
#include "source/object_content.h"

namespace ks {

HistoryScan::HistoryScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag,
                         size_t threads, ScanSettings settings)
    : found_(threads), messages_(std::make_unique<BlobScanner>(db, diag, settings)) {
  for (size_t i = 0; i < threads; ++i) {
    workers_.push_back(std::make_unique<BlobScanner>(db, diag, settings));
  }
}

HistoryVisitors HistoryScan::Visitors() {
  return HistoryVisitors{
      [this](const Blob& b, const CommitInfo& c) { OnMessage(b, c); },
      [this](const Blob& b, const BlobContext& where) { OnBlob(b, where.worker); },
  };
}

std::vector<Finding> HistoryScan::BlobFindings() const {
  std::vector<Finding> out;
  for (const auto& f : found_) out.insert(out.end(), f.begin(), f.end());
  return out;
}

const IntroductionsByBlob& HistoryScan::Attribute(HistorySource& source,
                                                  const std::vector<Finding>& blob_findings,
                                                  size_t max_provenance,
                                                  const FindingsByBlob* earlier) {
  std::vector<std::string> ids = BlobIds(blob_findings);
  if (earlier != nullptr) {
    for (const auto& [blob, findings] : *earlier) ids.push_back(blob);
  }
  if (ids.empty() && candidates_.empty()) return intros_;
  intros_ = source.Attribute(ids, max_provenance);
  for (PlacedFinding& c : candidates_) c.generation = source.Generation(*c.finding->commit);
  for (const Finding& f : blob_findings) Expand(f, intros_, &candidates_);
  if (earlier != nullptr) ExpandEarlier(*earlier, intros_);
  return intros_;
}

void HistoryScan::Recall(const git::Repository& repo, const HistoryState& state,
                         uint64_t generation_base) {
  for (PlacedFinding& c : candidates_) c.generation += generation_base;
  for (const auto& [blob, intros] : state.finding_blobs) RecallBlob(repo, blob, intros);
  for (const CommitInfo& c : state.finding_messages) RecallMessage(repo, c);
}

std::vector<Finding> HistoryScan::Select(size_t max_provenance) {
  return SelectProvenance(std::exchange(candidates_, {}), max_provenance);
}

void HistoryScan::Report(size_t max_provenance, const std::string& repository,
                         FindingCollector& collector) {
  std::vector<Finding> batch;
  for (const PlacedFinding& c : SelectPlaces(std::exchange(candidates_, {}), max_provenance)) {
    if (collector.stopped()) break;  // --max-findings: nothing more is written
    batch.push_back(Place(c));
    batch.back().repository = repository;
    if (batch.size() == BlobScanner::kBatch) collector.Add(batch);
  }
  if (!batch.empty()) collector.Add(batch);
}

void HistoryScan::ExpandEarlier(const FindingsByBlob& earlier, const IntroductionsByBlob& intros) {
  for (const auto& [blob, findings] : earlier) {
    if (!intros.contains(blob)) continue;  // not in this repository's history
    for (const Finding& f : findings) Expand(f, intros, &candidates_);
  }
}

void HistoryScan::RecallBlob(const git::Repository& repo, const std::string& blob,
                             const std::vector<Introduction>& intros) {
  IntroductionsByBlob& still = recalled_intros_.emplace_back();
  for (const Introduction& in : intros) {
    if (repo.FindCommit(in.commit.id)) still[blob].push_back(in);
  }
  const auto id = git::Oid::FromHex(blob);
  auto header = id && !still.empty() ? repo.ReadHeader(*id) : MakeError(ErrorKind::kInput, "");
  if (!header.ok()) return;
  auto object = ObjectContent::Open(repo, *id, header->size);
  if (!object.ok() || object->skipped()) return;
  messages_->Scan(object->blob(still[blob].front().path, SourceKind::kHistory, blob), &scratch_);
  for (Finding& f : scratch_) Expand(owned_.emplace_back(std::move(f)), still, &candidates_);
}

void HistoryScan::RecallMessage(const git::Repository& repo, const CommitInfo& c) {
  const auto id = repo.FindCommit(c.id);
  auto commit = id ? git::Commit::Lookup(repo, *id) : MakeError(ErrorKind::kInput, "");
  if (!commit.ok()) return;
  const std::string path = MessagePath(c.id);
  const size_t before = candidates_.size();
  if (!commit->message_streamed()) {
    OnMessage(Blob{commit->message(), path, SourceKind::kHistory, {}}, c);
  } else if (auto stream = git::MessageStream::Open(repo, *commit); stream.ok()) {
    OnMessage(Blob{{}, path, SourceKind::kHistory, {}, &*stream}, c);
  }
  for (size_t i = before; i < candidates_.size(); ++i) candidates_[i].generation = c.generation;
}

void HistoryScan::OnMessage(const Blob& b, const CommitInfo& c) {
  messages_->Scan(b, &scratch_);
  if (!scratch_.empty()) message_commits_.push_back(c);
  for (Finding& f : scratch_) {
    SetCommit(&f, c);
    candidates_.push_back(PlacedFinding{&owned_.emplace_back(std::move(f)), nullptr, c.time});
  }
}

void HistoryScan::OnBlob(const Blob& b, size_t worker) {
  std::vector<Finding> found;
  workers_[worker]->Scan(b, &found);
  auto& dst = found_[worker];
  std::move(found.begin(), found.end(), std::back_inserter(dst));
}

}  // namespace ks
