#include "pipeline/chunk_window.h"

#include <cstring>

namespace ks {

ChunkWindow::ChunkWindow(size_t capacity, size_t margin) : buf_(capacity, '\0'), margin_(margin) {}

Result<bool> ChunkWindow::Next(ByteReader& reader) {
  if (end_) return false;
  if (!first_) Slide();
  first_ = false;
  while (size_ < buf_.size()) {
    auto n = reader.Read(buf_.data() + size_, buf_.size() - size_);
    if (!n.ok()) return n.error();
    if (*n == 0) {
      end_ = true;
      break;
    }
    size_ += *n;
  }
  // Even with nothing new (the content ended just where the last window was full) this window
  // owns the last margin bytes, which the previous one left to it.
  return true;
}

std::pair<size_t, size_t> ChunkWindow::owned() const {
  const size_t lo = pos_.offset == 0 ? 0 : margin_;
  const size_t hi = end_ ? size_ : size_ - margin_;
  return {std::min(lo, hi), hi};
}

// Keeps the last 2 * margin bytes (the next window's left context and the part this one did not
// own), counting the lines of what is dropped.
void ChunkWindow::Slide() {
  const size_t keep = 2 * margin_;
  const size_t drop = size_ - keep;
  const char* p = buf_.data();
  const char* const end = p + drop;
  while (const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p))) {
    ++pos_.lines_before;
    p = static_cast<const char*>(nl) + 1;
    pos_.line_start = pos_.offset + static_cast<uint64_t>(p - buf_.data());
  }
  std::memmove(buf_.data(), buf_.data() + drop, keep);
  pos_.offset += drop;
  size_ = keep;
}

}  // namespace ks
