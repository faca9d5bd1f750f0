#include "source/blob.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "source/source.h"
#include "util/env.h"

namespace ks {

std::string_view SourceKindName(SourceKind k) {
  switch (k) {
    case SourceKind::kFile:
      return "file";
    case SourceKind::kStdin:
      return "stdin";
    case SourceKind::kStaged:
      return "staged";
    case SourceKind::kHistory:
      return "history";
  }
  return "?";
}

std::string_view SkipReasonName(SkipReason r) {
  switch (r) {
    case SkipReason::kTooLarge:
      return "max_file_size";
    case SkipReason::kTruncated:
      return "truncated";
    case SkipReason::kNotStreamable:
      return "not_streamable";
  }
  return "?";
}

std::string DescribeSkipped(const SkippedItem& item, uint64_t max_file_size) {
  const std::string where =
      item.object.empty() ? item.path : fmt::format("{} (object {})", item.path, item.object);
  switch (item.reason) {
    case SkipReason::kTooLarge:
      return fmt::format("{}: skipped, {} bytes is over --max-file-size {}", where, item.size,
                         max_file_size);
    case SkipReason::kTruncated:
      return fmt::format(
          "{}: only the first {} bytes were scanned, the rest is over "
          "--max-file-size {}",
          where, item.size, max_file_size);
    case SkipReason::kNotStreamable:
      return fmt::format(
          "{}: skipped, a delta-compressed object of {} bytes cannot be streamed "
          "and is over the {} bytes read whole",
          where, item.size, kMaxWholeRead);
  }
  return where;
}

size_t ChunkBytes() {
  static const size_t kBytes = [] {
    const auto value = Env::Default().GetVar("KEYSWEEP_CHUNK_SIZE");
    size_t n = 0;
    if (!value || value->empty() ||
        std::from_chars(value->data(), value->data() + value->size(), n).ec != std::errc()) {
      return kDefaultChunkBytes;
    }
    return std::max(n, kMinChunkBytes);
  }();
  return kBytes;
}

}  // namespace ks
