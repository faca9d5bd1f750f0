#include "history/revisions.h"

namespace ks {
namespace {

Status AddRange(const std::string& range, HistoryOptions* h) {
  const size_t dots = range.find("..");
  if (dots == std::string::npos) {
    h->include.push_back(range);
    return {};
  }
  if (range.find("...") != std::string::npos) {
    return MakeError(ErrorKind::kUsage, "symmetric ranges (A...B) are not supported; use A..B");
  }
  const std::string from = range.substr(0, dots), to = range.substr(dots + 2);
  h->exclude.push_back(from.empty() ? "HEAD" : from);
  h->include.push_back(to.empty() ? "HEAD" : to);
  return {};
}

}  // namespace

Status SelectRevisions(const RevisionArgs& args, HistoryOptions* h) {
  h->all_objects = args.all_objects;
  if (!args.range.empty() && !args.branch.empty()) {
    return MakeError(ErrorKind::kUsage, "give either a range or --branch, not both");
  }
  if (!args.range.empty()) {
    if (Status s = AddRange(args.range, h); !s) return s;
  }
  if (!args.branch.empty()) h->include.push_back(args.branch);
  if (!args.since.empty()) h->exclude.push_back(args.since);
  if (h->all_objects && !h->exclude.empty()) {
    return MakeError(ErrorKind::kUsage, "--all-objects scans everything; it takes no range");
  }
  return {};
}

}  // namespace ks
