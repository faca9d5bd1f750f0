// ObjectContent: a git blob opened for a scan, whole or as a stream (source/blob.h), so the
// sources that read the object database (history, staged, a --state recall) treat big objects
// alike.
//
// Up to ChunkBytes() the object is read whole. Past that it is streamed (git::ObjectStream:
// loose objects and whole packed ones); a packed delta cannot be streamed and is read whole up
// to kMaxWholeRead; past that skipped() says kNotStreamable, nothing is read, and the caller
// reports a SkippedItem.
// Borrows the Repository (one thread at a time, see git/repository.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "git/object_stream.h"
#include "git/oid.h"
#include "git/repository.h"
#include "source/blob.h"
#include "source/source.h"
#include "util/result.h"

namespace ks {

class ObjectContent {
 public:
  // `size` is the object's size from its header.
  static Result<ObjectContent> Open(const git::Repository& repo, const git::Oid& id, uint64_t size);

  // Set when the object was not opened (then blob() must not be used).
  std::optional<SkipReason> skipped() const { return skipped_; }
  // The content as a Blob with the given names; valid while this lives.
  Blob blob(std::string_view path, SourceKind kind, std::string_view oid);

 private:
  ObjectContent() = default;
  std::optional<git::RawObject> whole_;
  std::optional<git::ObjectStream> stream_;
  std::optional<SkipReason> skipped_;
};

}  // namespace ks
