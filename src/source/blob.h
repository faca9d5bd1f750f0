// Blob: bytes to scan plus where they came from. Push model: a source calls its visitor with a
// Blob whose views are valid only during that call; nothing on the hot path copies the bytes.
#pragma once

#include <string_view>

namespace ks {

enum class SourceKind { kFile, kStdin, kStaged, kHistory };
std::string_view SourceKindName(SourceKind k);

struct Blob {
  std::string_view bytes;
  std::string_view path;  // as given, relative to the walked directory or repository-relative
  SourceKind kind = SourceKind::kFile;
  std::string_view oid;  // 40-hex blob id for git sources, empty otherwise
};

}  // namespace ks
