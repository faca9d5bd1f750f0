// ChunkWindow: a bounded window that slides over streamed content (source/blob.h), so a blob of
// any size is scanned in chunks of a fixed size with the same findings, lines and columns as a
// scan of the whole.
//
// Consecutive windows overlap by 2 * margin bytes. Each window owns the matches whose secret
// starts in owned(): [margin, size - margin), except that the first window owns from 0 and the
// last one up to its end. Owned ranges tile the content, so a match is reported once, and every
// owned match has at least `margin` bytes of real context on either side, so the scanner and the
// pairing stage see what they would see in the whole (see BlobScanner::kChunkMargin).
//
// position() says where the window starts in the content (its offset, the lines before it and
// where its first line began), to turn window-relative lines and columns into the content's.
// Owns its buffer (capacity bytes, allocated once); not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "util/byte_reader.h"
#include "util/result.h"

namespace ks {

struct WindowPosition {
  uint64_t offset = 0;        // of the window's first byte in the content
  uint64_t lines_before = 0;  // newlines in the content before it
  uint64_t line_start = 0;    // offset of the line the window's first byte is on
};

class ChunkWindow {
 public:
  // `capacity` must be at least 4 * margin.
  ChunkWindow(size_t capacity, size_t margin);

  // Reads until the window is full or the reader ends. Returns false at the end of the content
  // once every byte was in some window's owned range.
  Result<bool> Next(ByteReader& reader);

  std::string_view bytes() const { return {buf_.data(), size_}; }
  std::pair<size_t, size_t> owned() const;
  const WindowPosition& position() const { return pos_; }
  bool at_end() const { return end_; }

 private:
  void Slide();

  std::string buf_;
  size_t size_ = 0;
  size_t margin_;
  bool first_ = true;
  bool end_ = false;
  WindowPosition pos_;
};

}  // namespace ks
