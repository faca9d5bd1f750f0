// PatternDb's private state, shared by the engine's translation units only.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <vector>

#include "engine/hs_handles.h"
#include "engine/pattern_db.h"

namespace ks {

struct RuleCompileInfo {
  size_t max_width = kMaxConfirmWindow;
  bool prefilter = false;
};

struct PatternDb::Impl {
  RuleSet rules;
  std::vector<RuleCompileInfo> info;
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  engine_detail::Database db;
  engine_detail::Scratch prototype;  // cloned by each CandidateFinder
};

}  // namespace ks
