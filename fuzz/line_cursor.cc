// Fuzz target: LineCursor (util/line_index.h), which turns match offsets into the line and column
// of every finding, checked against a naive count. Input: a text, then offsets (any order, some
// past the end, which Locate() clamps).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "util/line_index.h"

namespace {

ks::LineCol Naive(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const uint64_t line = 1 + static_cast<uint64_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t nl = before.rfind('\n');
  const size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
  return ks::LineCol{line, offset - line_start + 1};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const std::string text = fdp.ConsumeRandomLengthString();
  ks::LineCursor cursor(text);
  for (int i = 0; i < 64 && fdp.remaining_bytes() > 0; ++i) {
    const size_t offset = fdp.ConsumeIntegralInRange<size_t>(0, text.size() + 2);
    const ks::LineCol got = cursor.Locate(offset);
    const ks::LineCol want = Naive(text, offset);
    FUZZ_CHECK(got.line == want.line);
    FUZZ_CHECK(got.column == want.column);
  }
  return 0;
}
