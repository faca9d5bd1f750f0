// PatternDb: every rule of a RuleSet compiled once into one Hyperscan block-mode database, plus one
// RE2 per rule for confirmation and secret extraction.
//
// Logically immutable after construction and safe to share between threads (hold it by
// shared_ptr); a deserialized database builds each RE2 on first use, under a once_flag. Each
// thread scans through its own CandidateFinder, which owns a Hyperscan scratch.
//
// Hyperscan reports only (rule, end offset): start-of-match tracking made scanning 26x slower on
// git/git's blobs. RE2 recovers the start by searching a window of MaxWidth(rule) bytes before
// the end. A pattern Hyperscan cannot compile exactly is compiled as a prefilter (a superset),
// and RE2 decides.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_set.h"
#include "util/result.h"

namespace re2 {
class RE2;
}

namespace ks {

// Longest window RE2 searches before a candidate's end, for rules of unbounded width.
inline constexpr size_t kMaxConfirmWindow = 4096;

class PatternDb {
 public:
  // Validates every pattern against both engines; errors name the rule's file:line.
  static Result<std::shared_ptr<const PatternDb>> Compile(RuleSet rules);
  // Rebuilds from Serialize() output. Fails if the bytes were made for other rules (digest
  // mismatch), another Hyperscan version or an incompatible CPU; callers then Compile().
  static Result<std::shared_ptr<const PatternDb>> Deserialize(RuleSet rules,
                                                              std::string_view bytes);

  ~PatternDb();
  PatternDb(const PatternDb&) = delete;
  PatternDb& operator=(const PatternDb&) = delete;

  std::string Serialize() const;

  const RuleSet& rules() const;
  const re2::RE2& Regex(size_t rule) const;
  size_t MaxWidth(size_t rule) const;  // ≤ kMaxConfirmWindow
  bool Prefiltered(size_t rule) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }  // for the engine's own files

 private:
  explicit PatternDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "5.4.0 2023-..." as Hyperscan reports itself.
std::string HyperscanVersion();

}  // namespace ks
