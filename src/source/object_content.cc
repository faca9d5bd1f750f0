#include "source/object_content.h"

namespace ks {

Result<ObjectContent> ObjectContent::Open(const git::Repository& repo, const git::Oid& id,
                                          uint64_t size) {
  ObjectContent c;
  if (size > ChunkBytes()) {
    auto stream = git::ObjectStream::Open(repo, id);
    if (stream.ok()) {
      c.stream_ = std::move(stream).value();
      return c;
    }
    if (stream.error().streamable) return stream.error().error;
    if (size > kMaxWholeRead) {
      c.skipped_ = SkipReason::kNotStreamable;
      return c;
    }
  }
  auto whole = repo.Read(id);
  if (!whole.ok()) return whole.error();
  c.whole_ = std::move(whole).value();
  return c;
}

Blob ObjectContent::blob(std::string_view path, SourceKind kind, std::string_view oid) {
  if (stream_) return Blob{{}, path, kind, oid, &*stream_};
  return Blob{whole_->data(), path, kind, oid};
}

}  // namespace ks
