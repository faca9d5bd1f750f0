// Stand-ins for the pipeline's seams, shared by the unit tests: Diagnostics that keep or drop
// what they are told, and a FindingSink that keeps what it is given.
#pragma once

#include <string>
#include <vector>

#include "findings/finding.h"
#include "pipeline/finding_sink.h"
#include "util/diagnostics.h"

namespace ks::testing {

// Drops every message (errors are still counted by Diagnostics itself).
class QuietDiagnostics : public Diagnostics {
 protected:
  void OnNotice(const std::string&) override {}
  void OnError(const std::string&) override {}
};

// Keeps every message, by kind.
class RecordingDiagnostics : public Diagnostics {
 public:
  std::vector<std::string> notices, errors_seen, infos;

 protected:
  void OnNotice(const std::string& m) override { notices.push_back(m); }
  void OnError(const std::string& m) override { errors_seen.push_back(m); }
  void OnInfo(const std::string& m) override { infos.push_back(m); }
};

// Keeps the findings it accepts and the summary it was completed with.
class RecordingSink : public FindingSink {
 public:
  Status Accept(const Finding& f) override {
    found.push_back(f);
    return {};
  }
  Status Complete(const Summary& s) override {
    completed = s;
    return {};
  }
  std::vector<std::string> Rules() const {
    std::vector<std::string> out;
    for (const Finding& f : found) out.push_back(f.rule);
    return out;
  }
  std::vector<Finding> found;
  Summary completed;
};

}  // namespace ks::testing
