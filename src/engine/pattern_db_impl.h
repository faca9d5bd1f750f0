// PatternDb's private state, shared by the engine's translation units only.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <vector>

#include "engine/hs_handles.h"
#include "engine/pattern_db.h"

namespace ks {

struct RuleCompileInfo {
  size_t max_width = kMaxConfirmWindow;
  bool prefilter = false;
};

// A rule's RE2, built on first use: a clean scan confirms nothing, so a process that only scans
// clean input (the pre-commit hook's common case) never pays for compiling the regexes.
struct LazyRegex {
  std::once_flag once;
  std::unique_ptr<re2::RE2> re;
};

struct PatternDb::Impl {
  RuleSet rules;
  std::vector<RuleCompileInfo> info;
  std::unique_ptr<LazyRegex[]> regexes;  // one per rule
  engine_detail::Database db;
  engine_detail::Scratch prototype;  // cloned by each CandidateFinder
};

}  // namespace ks
