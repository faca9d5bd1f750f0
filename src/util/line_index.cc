#include "util/line_index.h"

#include <cstring>

namespace ks {

LineCol LineCursor::Locate(size_t offset) {
  if (offset > text_.size()) offset = text_.size();
  if (offset < pos_) *this = LineCursor(text_);
  const char* base = text_.data();
  while (pos_ < offset) {
    const void* nl = std::memchr(base + pos_, '\n', offset - pos_);
    if (nl == nullptr) {
      pos_ = offset;
      break;
    }
    pos_ = static_cast<size_t>(static_cast<const char*>(nl) - base) + 1;
    ++line_;
    line_start_ = pos_;
  }
  return LineCol{line_, offset - line_start_ + 1};
}

}  // namespace ks
