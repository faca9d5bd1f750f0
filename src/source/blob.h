// Blob: bytes to scan plus where they came from. Push model: a source calls its visitor with a
// Blob whose views are valid only during that call; nothing on the hot path copies the bytes.
//
// Content too large to hold whole (over ChunkBytes(): a big file, a big blob or commit message)
// comes as a `stream` instead of `bytes`, and the scanner reads it in chunks of ChunkBytes().
// Sources still hand over one Blob per item, so the visitor contract (one call per seq, then
// on_done) is the same for a 1 KiB file and a 1 GiB one; chunking lives in one place, the
// scanner, which alone knows how much overlap its rules need.
#pragma once

#include <cstddef>
#include <string_view>

#include "util/byte_reader.h"

namespace ks {

enum class SourceKind { kFile, kStdin, kStaged, kHistory };
std::string_view SourceKindName(SourceKind k);

struct Blob {
  std::string_view bytes;
  std::string_view path;  // as given, relative to the walked directory or repository-relative
  SourceKind kind = SourceKind::kFile;
  std::string_view oid;  // 40-hex blob id for git sources, empty otherwise
  // When set, the content is read from here (and `bytes` is empty); valid during the call.
  ByteReader* stream = nullptr;
};

// The scanner's chunk: content up to this size is read and scanned whole, larger content is
// streamed and scanned this much at a time, so memory per worker stays near it. 8 MiB: Hyperscan
// and RE2 cost nothing measurable per call at that size, and two workers hold 16 MiB.
// KEYSWEEP_CHUNK_SIZE (bytes, at least kMinChunkBytes) changes it, for tests only: a small chunk
// puts boundaries where a test wants them. Read once per process.
inline constexpr size_t kDefaultChunkBytes = size_t{8} << 20;
inline constexpr size_t kMinChunkBytes = size_t{256} << 10;
size_t ChunkBytes();

}  // namespace ks
