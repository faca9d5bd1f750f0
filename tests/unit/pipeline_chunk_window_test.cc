// ChunkWindow: windows over a stream whose owned ranges tile the content exactly once, with each
// owned byte at least `margin` bytes from a window edge that is not the content's, and positions
// (offset, lines before, line start) that match the content.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "pipeline/chunk_window.h"

namespace ks {
namespace {

// Hands out at most `step` bytes per Read, to exercise refills.
class StringReader : public ByteReader {
 public:
  StringReader(std::string s, size_t step) : s_(std::move(s)), step_(step) {}
  Result<size_t> Read(char* dst, size_t n) override {
    const size_t k = std::min({n, step_, s_.size() - pos_});
    std::memcpy(dst, s_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string s_;
  size_t step_;
  size_t pos_ = 0;
};

class FailingReader : public ByteReader {
 public:
  Result<size_t> Read(char*, size_t) override { return MakeError(ErrorKind::kInput, "boom"); }
};

std::string Content(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += "line " + std::to_string(i) + "\n";
  s.resize(n);
  return s;
}

void CheckTiling(size_t size, size_t capacity, size_t margin, size_t step) {
  const std::string text = Content(size);
  StringReader reader(text, step);
  ChunkWindow w(capacity, margin);
  size_t next_owned = 0;
  for (;;) {
    auto more = w.Next(reader);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    const WindowPosition& at = w.position();
    ASSERT_EQ(w.bytes(), std::string_view(text).substr(at.offset, w.bytes().size()));
    EXPECT_EQ(at.lines_before,
              static_cast<uint64_t>(std::count(text.begin(), text.begin() + at.offset, '\n')));
    const size_t nl = at.offset == 0 ? std::string::npos : text.rfind('\n', at.offset - 1);
    EXPECT_EQ(at.line_start, nl == std::string::npos ? 0 : nl + 1);
    const auto [lo, hi] = w.owned();
    EXPECT_EQ(at.offset + lo, next_owned);
    if (at.offset > 0) {
      EXPECT_GE(lo, margin);
    }
    if (!w.at_end()) {
      EXPECT_LE(hi + margin, w.bytes().size());
    }
    next_owned = at.offset + hi;
  }
  EXPECT_EQ(next_owned, size);
}

TEST(ChunkWindowTest, OwnedRangesTileTheContent) {
  for (size_t size : {0, 1, 99, 100, 101, 399, 400, 401, 1000, 4096, 10007}) {
    for (size_t step : {1, 7, 4096}) {
      SCOPED_TRACE(std::to_string(size) + " bytes, " + std::to_string(step) + " per read");
      CheckTiling(size, 100, 25, step);
    }
  }
}

TEST(ChunkWindowTest, AReadErrorEndsTheScan) {
  FailingReader reader;
  ChunkWindow w(100, 25);
  auto more = w.Next(reader);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().message, "boom");
}

}  // namespace
}  // namespace ks
