// Inline ignores: a marker on the line where a secret starts drops the finding, as it does in the
// tools teams move from, so switching to keysweep needs no edit to the code: `keysweep:allow`,
// gitleaks' `gitleaks:allow`, detect-secrets' `pragma: allowlist secret`, `trufflehog:ignore`
// and `kingfisher:ignore` (exact, case-sensitive, anywhere on the line).
//
// A property of the bytes, so it holds the same for files, staged blobs and history. Only the
// finding's own line is read, and each line at most once per blob however many findings it
// holds. An InlineIgnores views one blob's bytes, which must outlive it; one per thread.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ks {

inline constexpr std::array<std::string_view, 5> kInlineIgnoreMarkers = {
    "keysweep:allow", "gitleaks:allow", "pragma: allowlist secret", "trufflehog:ignore",
    "kingfisher:ignore"};

// True when `line` holds one of the markers.
bool HasIgnoreMarker(std::string_view line);

class InlineIgnores {
 public:
  explicit InlineIgnores(std::string_view bytes) : bytes_(bytes) {}
  // True when the line containing byte `offset` holds a marker. Remembers the last line, so the
  // findings of one line (sorted by offset, as the scanner gives them) cost one look.
  bool Ignored(size_t offset);

 private:
  std::string_view bytes_;
  size_t begin_ = 1, end_ = 0;  // the remembered line [begin_, end_]; empty at first
  bool ignored_ = false;
};

}  // namespace ks
