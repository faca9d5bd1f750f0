// AddedLines: the lines of one staged file that the commit adds, so that a pre-commit check
// reports only what the commit brings, with the staged file's own line numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "git/staged.h"

namespace ks {

// The lines of one staged file that the commit adds.
class AddedLines {
 public:
  AddedLines(bool all, const std::vector<git::LineRange>& ranges) : all_(all), ranges_(ranges) {}
  // `line` is 1-based, as in Finding::line.
  bool Contains(uint64_t line) const;

 private:
  bool all_;
  const std::vector<git::LineRange>& ranges_;  // ascending and disjoint
};

}  // namespace ks
