// The scan pipeline shared by every command: blob → Scanner → FindingBuilder → findings.
//
// BlobScanner is per thread (it owns a Scanner). FindingCollector is shared: it counts, and
// forwards each finding to the Reporter under a lock, so reporters stay single-threaded.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aws/pairing.h"
#include "engine/pattern_db.h"
#include "findings/finding.h"
#include "findings/finding_builder.h"
#include "findings/verification.h"
#include "report/reporter.h"
#include "scan/scanner.h"
#include "source/blob.h"
#include "util/diagnostics.h"

namespace ks::cli {

// Per-run settings that shape which findings a blob yields.
struct ScanSettings {
  bool include_examples = false;  // keep AWS documentation examples and placeholders
  // Counts the findings an inline marker dropped (findings/inline_ignore.h); may be null.
  std::atomic<uint64_t>* inline_ignored = nullptr;
};

class BlobScanner {
 public:
  BlobScanner(std::shared_ptr<const PatternDb> db, Diagnostics* diag, ScanSettings settings = {});
  // Replaces *out with the blob's findings; scan failures go to Diagnostics.
  void Scan(const Blob& blob, std::vector<Finding>* out);

 private:
  void DropUnwanted(std::string_view bytes, std::vector<Finding>* out) const;

  Scanner scanner_;
  aws::AwsRules aws_rules_;
  FindingBuilder builder_;
  ScanSettings settings_;
  Diagnostics* diag_;
  std::vector<Match> matches_;
};

class FindingCollector;

// `requested` threads, or one per hardware thread when 0.
size_t WorkerThreads(size_t requested);

// Scans blobs on worker threads, one BlobScanner each, and hands their findings to the collector
// in the source's order (`seq`), so a report never depends on thread timing. Scan() may be called
// from any thread; calls with the same worker must not overlap.
class OrderedScan {
 public:
  OrderedScan(const std::shared_ptr<const PatternDb>& db, Diagnostics* diag, ScanSettings settings,
              size_t threads);
  // `keep`, when given, drops findings (the staged scan keeps only those on added lines).
  void Scan(size_t worker, size_t seq, const Blob& blob,
            const std::function<bool(const Finding&)>& keep = nullptr);
  // Hands every finding to `collector`, stamped with `repository` when it is given.
  void Deliver(FindingCollector& collector, const std::optional<std::string>& repository = {});

 private:
  std::vector<std::unique_ptr<BlobScanner>> scanners_;
  std::mutex mu_;
  std::map<size_t, std::vector<Finding>> by_seq_;
};

// What the run-wide passes do before findings reach the reporter.
struct FlushOptions {
  const CredentialChecker* verify = nullptr;  // null: no live check
  bool only_verified = false;                 // drop findings that are not live
  // True for a finding the team already dealt with (baseline/suppressor.h); such findings are
  // dropped before the live check, so nothing is sent for them. Null: keep all.
  std::function<bool(const Finding&)> suppress;
  // True for a reported finding that makes the run fail (exit code 1). Null: every one does.
  std::function<bool(const Finding&)> fails;
};

struct FlushResult {
  uint64_t reported = 0;
  uint64_t live = 0;     // reported findings STS confirmed
  uint64_t failing = 0;  // reported findings for which FlushOptions::fails holds
};

// Gathers the findings of a run from any thread. Flush() runs the run-wide passes (SES SMTP
// password linkage, which may join findings from different files; suppression; the optional
// live check) and
// hands the findings to the reporter, in the order they were added.
class FindingCollector {
 public:
  explicit FindingCollector(Reporter* reporter) : reporter_(reporter) {}
  // Takes the findings, leaving `findings` empty.
  void Add(std::vector<Finding>& findings);
  uint64_t count() const;
  FlushResult Flush(const FlushOptions& opts = {});

 private:
  mutable std::mutex mu_;
  Reporter* reporter_;
  std::vector<Finding> findings_;
};

}  // namespace ks::cli
