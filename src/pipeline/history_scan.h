// HistoryScan: the scanning side of one repository's history scan. It gives HistorySource its
// visitors (one BlobScanner per reader thread, one for commit messages), keeps the findings of
// the blobs read, and turns them into reported findings at the commits that introduced them
// (history/provenance.h), including findings an earlier run (--state) or an earlier repository
// of the same run recorded.
//
// The blob visitor is called from the reader threads (per-worker storage, no lock); everything
// else from the thread that runs the source.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "git/repository.h"
#include "history/history_source.h"
#include "history/history_state.h"
#include "history/provenance.h"
#include "pipeline/blob_scanner.h"
#include "pipeline/finding_collector.h"

namespace ks {

// Findings by the id of the blob they were found in.
using FindingsByBlob = std::unordered_map<std::string, std::vector<Finding>>;

class HistoryScan {
 public:
  HistoryScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag, size_t threads,
              ScanSettings settings);

  HistoryVisitors Visitors();

  // The findings of the blobs this scan read (not yet attributed: the path is the first seen).
  std::vector<Finding> BlobFindings() const;

  // Finds where `blob_findings` (this scan's BlobFindings()) were introduced and returns those
  // introductions by blob (valid as long as the scan). `earlier` holds findings of blobs an
  // earlier repository of the run read (and this one therefore skipped): they are reported here
  // too, wherever this repository introduced them. The scan refers to `blob_findings` and
  // `earlier` until Report(): they must not change before.
  const IntroductionsByBlob& Attribute(HistorySource& source,
                                       const std::vector<Finding>& blob_findings,
                                       size_t max_provenance,
                                       const FindingsByBlob* earlier = nullptr);

  // Findings an earlier run (--state) recorded: their blobs and messages are read and scanned
  // again (the state holds no secret), at the introductions it recorded that still exist. This
  // run's generations are shifted by `generation_base` (history/state_update.h).
  void Recall(const git::Repository& repo, const HistoryState& state, uint64_t generation_base);

  // The commits whose messages produced findings in this run.
  const std::vector<CommitInfo>& MessageCommits() const { return message_commits_; }

  // The report: per rule and secret, up to `max_provenance` introductions (0: all).
  std::vector<Finding> Select(size_t max_provenance);
  // The same, handed to `collector` a batch at a time and stamped with `repository`: each
  // finding is made at its place only then, so a blob introduced at a million paths costs a
  // million small candidates, not a million findings.
  void Report(size_t max_provenance, const std::string& repository, FindingCollector& collector);

 private:
  void ExpandEarlier(const FindingsByBlob& earlier, const IntroductionsByBlob& intros);
  void RecallBlob(const git::Repository& repo, const std::string& blob,
                  const std::vector<Introduction>& intros);
  void RecallMessage(const git::Repository& repo, const CommitInfo& c);
  void OnMessage(const Blob& b, const CommitInfo& c);
  void OnBlob(const Blob& b, size_t worker);

  std::vector<std::unique_ptr<BlobScanner>> workers_;
  std::vector<std::vector<Finding>> found_;  // per worker: no locking
  std::unique_ptr<BlobScanner> messages_;
  std::vector<Finding> scratch_;
  // What candidates_ refer to: the introductions found, and findings of messages and recalled
  // blobs (a deque: its elements never move).
  IntroductionsByBlob intros_;
  std::deque<IntroductionsByBlob> recalled_intros_;
  std::deque<Finding> owned_;
  std::vector<PlacedFinding> candidates_;
  std::vector<CommitInfo> message_commits_;
};

}  // namespace ks
