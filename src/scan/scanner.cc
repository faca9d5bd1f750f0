#include "scan/scanner.h"

#include <algorithm>

#include "scan/extract.h"
#include "scan/filters.h"

namespace ks {

Scanner::Scanner(std::shared_ptr<const PatternDb> db) : finder_(std::move(db)) {}

Status Scanner::Candidates(std::string_view bytes, std::vector<Candidate>* out) {
  out->clear();
  return finder_.Find(bytes, out);
}

Status Scanner::Scan(std::string_view bytes, std::vector<Match>* out) {
  out->clear();
  if (Status s = Candidates(bytes, &candidates_); !s) return s;
  if (candidates_.empty()) return {};
  // Group by rule, keeping end order within a rule; candidates are usually a handful.
  std::stable_sort(candidates_.begin(), candidates_.end(),
                   [](const Candidate& a, const Candidate& b) { return a.rule < b.rule; });
  std::vector<uint64_t> ends;
  for (size_t i = 0; i < candidates_.size();) {
    const uint32_t rule = candidates_[i].rule;
    ends.clear();
    for (; i < candidates_.size() && candidates_[i].rule == rule; ++i) {
      ends.push_back(candidates_[i].end);
    }
    ConfirmRule(rule, bytes, ends.data(), ends.size(), out);
  }
  std::sort(out->begin(), out->end(), [](const Match& a, const Match& b) {
    return a.secret_begin != b.secret_begin ? a.secret_begin < b.secret_begin : a.rule < b.rule;
  });
  return {};
}

// Every true match ends at some candidate end and starts at most MaxWidth bytes earlier, so the
// union of those windows contains them all; merging keeps RE2 linear in the bytes it reads.
void Scanner::ConfirmRule(size_t rule, std::string_view bytes, const uint64_t* ends, size_t count,
                          std::vector<Match>* out) const {
  const size_t width = db().MaxWidth(rule);
  size_t lo = 0, hi = 0;
  bool open = false;
  for (size_t i = 0; i < count; ++i) {
    const size_t end = std::min<size_t>(ends[i], bytes.size());
    const size_t begin = end > width ? end - width : 0;
    if (open && begin <= hi) {
      hi = std::max(hi, end);
      continue;
    }
    if (open) Confirm(rule, bytes, lo, hi, out);
    lo = begin, hi = end, open = true;
  }
  if (open) Confirm(rule, bytes, lo, hi, out);
}

void Scanner::Confirm(size_t rule, std::string_view bytes, size_t begin, size_t end,
                      std::vector<Match>* out) const {
  const Rule& r = db().rules()[rule];
  RawMatch m;
  for (size_t pos = begin; pos < end && NextRawMatch(r, db().Regex(rule), bytes, pos, end, &m);) {
    const bool pass =
        m.has_secret() && PassesBoundary(r.filters.boundary, bytes, m.secret_begin, m.secret_end) &&
        PassesSecretFilters(r.filters, bytes.substr(m.secret_begin, m.secret_end - m.secret_begin));
    if (pass) {
      out->push_back(
          Match{static_cast<uint32_t>(rule), m.begin, m.end, m.secret_begin, m.secret_end, 0, 0});
    }
    // After a rejected match, retry one byte later: a valid match may overlap the rejected one.
    pos = pass ? std::max(m.end, m.begin + 1) : m.begin + 1;
  }
}

}  // namespace ks
