#include "source/blob.h"

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

}  // namespace ks
