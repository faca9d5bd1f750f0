#include "findings/inline_ignore.h"

#include <algorithm>

namespace ks {

bool HasIgnoreMarker(std::string_view line) {
  // Every marker has a ':'; most lines with a secret have none or few, so look there first.
  if (line.find(':') == std::string_view::npos) return false;
  return std::any_of(kInlineIgnoreMarkers.begin(), kInlineIgnoreMarkers.end(),
                     [&](std::string_view m) { return line.find(m) != std::string_view::npos; });
}

bool InlineIgnores::Ignored(size_t offset) {
  if (offset >= begin_ && offset <= end_) return ignored_;
  offset = std::min(offset, bytes_.size());
  const size_t nl_before = offset == 0 ? std::string_view::npos : bytes_.rfind('\n', offset - 1);
  begin_ = nl_before == std::string_view::npos ? 0 : nl_before + 1;
  const size_t nl_after = bytes_.find('\n', offset);
  end_ = nl_after == std::string_view::npos ? bytes_.size() : nl_after;
  ignored_ = HasIgnoreMarker(bytes_.substr(begin_, end_ - begin_));
  return ignored_;
}

}  // namespace ks
