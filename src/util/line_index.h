// Offset → (line, column) for one buffer, both 1-based; columns count bytes.
//
// Built lazily by the callers that have a finding to report, never on the per-blob hot path.
// Offsets passed to Locate() must be non-decreasing between Reset() calls, which lets a scan of
// N findings cost one pass over the buffer instead of N.
#pragma once

#include <cstdint>
#include <string_view>

namespace ks {

struct LineCol {
  uint64_t line = 1;
  uint64_t column = 1;
};

class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  // Locates `offset` (0 ≤ offset ≤ size). Falls back to a fresh scan if offsets go backwards.
  LineCol Locate(size_t offset);

 private:
  std::string_view text_;
  size_t pos_ = 0;         // everything before pos_ has been counted
  uint64_t line_ = 1;      // line number at pos_
  size_t line_start_ = 0;  // offset where line_ begins
};

}  // namespace ks
