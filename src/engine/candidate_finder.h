// CandidateFinder: runs the shared Hyperscan database over a buffer and records (rule, end).
//
// Owns one Hyperscan scratch, so it must not be used by two threads at once: give each thread
// its own. The PatternDb must outlive it (it holds a shared_ptr).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/pattern_db.h"
#include "util/result.h"

namespace ks {

struct Candidate {
  uint32_t rule;
  uint64_t end;  // offset one past the last byte of a possible match
};

class CandidateFinder {
 public:
  explicit CandidateFinder(std::shared_ptr<const PatternDb> db);
  ~CandidateFinder();
  CandidateFinder(const CandidateFinder&) = delete;
  CandidateFinder& operator=(const CandidateFinder&) = delete;

  // Appends candidates in the order Hyperscan reports them (by end offset, then rule).
  Status Find(std::string_view bytes, std::vector<Candidate>* out);

  const PatternDb& db() const { return *db_; }

 private:
  struct ScratchHolder;
  std::shared_ptr<const PatternDb> db_;
  std::unique_ptr<ScratchHolder> scratch_;
};

}  // namespace ks
