// The baseline file (`.keysweep-baseline.json`): the findings a team has accepted, by content
// fingerprint (rule and secret, findings/finding.h), so that only new secrets fail a run.
//
// An entry also names the rule, a path and a commit where the secret was found, for people
// reading the file; only the fingerprint is matched. There are no line numbers and no timestamps,
// there is one entry per fingerprint, and entries are sorted, so re-creating a baseline after
// code has moved (or on another machine) gives the same bytes. Plain functions; thread-safe.
#pragma once

#include <compare>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.h"
#include "util/result.h"

namespace ks::baseline {

inline constexpr int kFormatVersion = 1;

struct Entry {
  std::string fingerprint;  // 64 lowercase hex
  std::string rule;
  std::string path;
  std::optional<std::string> commit;  // history baselines only
  auto operator<=>(const Entry&) const = default;
};

Entry EntryFor(const Finding& f);

// One entry per fingerprint (the smallest path and commit name it), sorted by path, rule and
// fingerprint: the order a reviewer reads a diff of the file in.
std::vector<Entry> Normalize(std::vector<Entry> entries);

// Indented JSON, one entry per line, ending in a newline.
std::string Serialize(const std::vector<Entry>& entries);

// Errors name `name` and say what is wrong; a file keysweep did not write is not guessed at.
Result<std::vector<Entry>> Parse(std::string_view text, const std::string& name);
Result<std::vector<Entry>> Load(const std::string& path);

std::set<std::string> Fingerprints(const std::vector<Entry>& entries);

// The entries whose fingerprint is in `found`, in their order.
std::vector<Entry> Prune(const std::vector<Entry>& entries, const std::set<std::string>& found);

}  // namespace ks::baseline
